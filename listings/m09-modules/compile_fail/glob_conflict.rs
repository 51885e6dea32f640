// Try it 5 of lesson 09.1: two glob imports that both bring in `Route`.
mod amqp {
    pub struct Route(pub &'static str);
}

mod nats {
    pub struct Route(pub &'static str);
}

use amqp::*;
use nats::*;

fn main() {
    let route = Route("events.order_placed");
    println!("{}", route.0);
}
