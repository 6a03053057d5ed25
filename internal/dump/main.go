package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/ctlog-dev/ctlog/parser"
)

func main() {
	f, _ := os.Open(os.Args[1])
	st, err := parser.Parse(f, parser.Options{Name: os.Args[1]}, parser.HandlerFunc(func(e parser.Event) {
		b, _ := json.Marshal(e)
		fmt.Printf("%T %s\n", e, b)
	}))
	fmt.Println(st, err)
}
