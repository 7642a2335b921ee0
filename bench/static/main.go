// Command static serves a folder's files over HTTP and nothing else: the
// baseline that bench/load.sh measures peel's pages against.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	dir := flag.String("dir", ".", "`FOLDER` to serve")
	addr := flag.String("addr", "127.0.0.1:0", "`HOST:PORT` to listen on (port 0 picks a free one)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The address goes on standard output so that a script can read it.
	fmt.Printf("serving url=http://%s\n", ln.Addr())
	os.Stdout.Sync()
	srv := &http.Server{Handler: http.FileServer(http.Dir(*dir)), ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
