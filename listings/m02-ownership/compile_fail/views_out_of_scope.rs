// Fails with E0425: `views` was declared inside the block, so after it the
// name does not exist (Try it 2 of lesson 02.7, first step).
fn main() {
    {
        let buffer = String::from("17|order-42|OrderPlaced|{}");
        let views: Vec<&str> = buffer.lines().collect();
        let kept: Vec<String> = views.iter().map(|view| view.to_string()).collect();
        println!("kept {}", kept.len());
    }
    println!("parsed {} records, no text copied", views.len());
}
