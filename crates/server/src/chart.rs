//! The timeline chart of a dyad, drawn by plotters as SVG: events per
//! period stacked by QuadClass, and the period's summed Goldstein score as
//! a line on the right-hand axis.

use dyad_store::{Interval, Period};
use plotters::prelude::*;

const WIDTH: u32 = 960;
const HEIGHT: u32 = 340;

/// QuadClass colours: cooperation in greens, conflict in reds, verbal
/// lighter than material.
pub const QUAD_COLOURS: [RGBColor; 4] = [RGBColor(140, 200, 140), RGBColor(40, 140, 70), RGBColor(245, 170, 90), RGBColor(200, 50, 40)];
pub const QUAD_NAMES: [&str; 4] = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const GOLDSTEIN_COLOUR: RGBColor = RGBColor(30, 70, 160);

fn label(p: &Period, interval: Interval) -> String {
    match interval {
        Interval::Month => p.start.format("%Y-%m").to_string(),
        Interval::Week | Interval::Day => p.start.format("%Y-%m-%d").to_string(),
    }
}

/// The chart as an `<svg>` element.
pub fn timeline_svg(periods: &[Period], interval: Interval) -> Result<String, String> {
    let mut svg = String::new();
    draw(&mut svg, periods, interval).map_err(|e| format!("cannot draw the timeline: {e}"))?;
    Ok(svg)
}

fn draw<'a>(svg: &'a mut String, periods: &[Period], interval: Interval) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = periods.len().max(1) as f64;
    // Head room for the legend in the upper left.
    let top = periods.iter().map(|p| p.totals.events).max().unwrap_or(0).max(1) as f64 * 1.45;
    // The Goldstein axis always shows zero, so the line reads as better or
    // worse than neutral.
    let (lo, hi) = periods.iter().fold((0.0f64, 0.0f64), |(lo, hi), p| (lo.min(p.totals.goldstein), hi.max(p.totals.goldstein)));
    let pad = ((hi - lo) * 0.1).max(1.0);
    let x = -0.5..n - 0.5;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .right_y_label_area_size(56)
        .build_cartesian_2d(x.clone(), 0.0..top)?
        .set_secondary_coord(x, (lo - pad)..(hi + pad));
    let labels = |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        periods.get(i as usize).map(|p| label(p, interval)).unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .x_labels(periods.len().clamp(1, 8))
        .x_label_formatter(&labels)
        .y_desc("events")
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    chart
        .configure_secondary_axes()
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .y_desc("Goldstein (sum)")
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;

    let width = 0.8;
    for quad in 0..4 {
        let bars = periods.iter().enumerate().filter_map(|(i, p)| {
            let counts = [p.totals.q1, p.totals.q2, p.totals.q3, p.totals.q4];
            let below: u64 = counts[..quad].iter().sum();
            let x = i as f64;
            (counts[quad] > 0).then(|| {
                Rectangle::new(
                    [(x - width / 2.0, below as f64), (x + width / 2.0, (below + counts[quad]) as f64)],
                    QUAD_COLOURS[quad].filled(),
                )
            })
        });
        chart
            .draw_series(bars)?
            .label(QUAD_NAMES[quad])
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], QUAD_COLOURS[quad].filled()));
    }
    chart
        .draw_secondary_series(LineSeries::new(
            periods.iter().enumerate().map(|(i, p)| (i as f64, p.totals.goldstein)),
            GOLDSTEIN_COLOUR.stroke_width(2),
        ))?
        .label("Goldstein (sum)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], GOLDSTEIN_COLOUR.stroke_width(2)));
    // Dots, so that a single period still shows its score.
    chart.draw_secondary_series(
        periods.iter().enumerate().map(|(i, p)| Circle::new((i as f64, p.totals.goldstein), 3, GOLDSTEIN_COLOUR.filled())),
    )?;
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 13))
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use dyad_store::QuadTotals;

    #[test]
    fn draws_bars_and_the_goldstein_line() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 9, d).unwrap();
        let periods = vec![
            Period { start: day(1), totals: QuadTotals { events: 3, q1: 1, q2: 0, q3: 1, q4: 1, goldstein: -4.5 } },
            Period { start: day(8), totals: QuadTotals::default() },
            Period { start: day(15), totals: QuadTotals { events: 2, q1: 2, q2: 0, q3: 0, q4: 0, goldstein: 6.0 } },
        ];
        let svg = timeline_svg(&periods, Interval::Week).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("2025-09-08"), "period labels");
        assert!(svg.contains("Goldstein"));
        assert!(svg.contains("<polyline"), "the line");
        assert!(timeline_svg(&[], Interval::Month).unwrap().starts_with("<svg"));
    }
}
