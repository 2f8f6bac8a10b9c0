fn main() {
    let dir = std::path::Path::new("fixtures/webhooks");
    let mix: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    for _ in 0..n {
        for b in &mix {
            if mode == "value" {
                std::hint::black_box(serde_json::from_slice::<serde_json::Value>(b).ok());
            } else {
                std::hint::black_box(sprig_events::parse_webhook(b).ok());
            }
        }
    }
}
