//! Distances on the globe as SQLite can test them without trigonometry:
//! each location is stored as a point on the unit sphere, and "within K
//! km of P" becomes "the straight-line (chord) distance to P is at most
//! 2 sin(K / 2R)", a sum of squares.

/// Mean Earth radius (IUGG), in km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// The point on the unit sphere at latitude and longitude (degrees).
pub fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The squared chord length between two points `km` apart on the surface.
pub fn chord_squared(km: f64) -> f64 {
    let chord = 2.0 * (km / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2).sin();
    chord * chord
}

/// Great-circle distance in km between two (lat, lon) points.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p, q) = (unit_vector(a.0, a.1), unit_vector(b.0, b.1));
    let chord = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
    2.0 * EARTH_RADIUS_KM * (chord / 2.0).min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chord_test_agrees_with_distance() {
        // Istanbul to Ankara is about 350 km.
        let (istanbul, ankara) = ((41.01, 28.95), (39.92, 32.85));
        let d = distance_km(istanbul, ankara);
        assert!((340.0..360.0).contains(&d), "{d}");
        let (p, q) = (unit_vector(istanbul.0, istanbul.1), unit_vector(ankara.0, ankara.1));
        let squared = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2);
        assert!(squared <= chord_squared(360.0) && squared > chord_squared(340.0));
    }
}
