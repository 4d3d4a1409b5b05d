// The dictionaries are compiled in with include_dir!, which cannot tell
// cargo about files added later; watching the directory rebuilds on any
// change under it.
fn main() {
    println!("cargo:rerun-if-changed=../../dictionaries");
}
