module example.com/outboxffi

go 1.19
