// `build(self)` consumes the builder: it cannot be used again afterwards.
#[derive(Debug, Default)]
struct ConfigBuilder {
    broker_url: Option<String>,
}

#[derive(Debug)]
struct Config {
    broker_url: String,
}

impl ConfigBuilder {
    fn broker_url(mut self, url: &str) -> Self {
        self.broker_url = Some(url.to_string());
        self
    }

    fn build(self) -> Config {
        Config {
            broker_url: self.broker_url.unwrap_or_default(),
        }
    }
}

fn main() {
    let builder = ConfigBuilder::default().broker_url("amqp://localhost:5672");
    let first = builder.build();
    let second = builder.build();
    println!("{} {}", first.broker_url, second.broker_url);
}
