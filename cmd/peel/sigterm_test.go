//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peel-oss/peel/internal/fixture"
)

// TestServeSIGTERM builds peel, serves, and sends the process a real
// SIGTERM while a response is on its way to a slow client: peel stops
// taking connections, finishes that response, and exits with status 0.
func TestServeSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build peel with")
	}
	bin := filepath.Join(t.TempDir(), "peel")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// A page larger than the kernel will buffer between server and client,
	// so that its handler is still writing until the client reads.
	// It is imported by the built binary, which is quicker at it than the
	// race-checked test.
	db := newDatabase(t)
	const last = "Sample paragraph: the end of the large page."
	page := writeFile(t, "large.txt", largePage(sendBufferMax()*3, last))
	for _, args := range [][]string{{"framework", "import", jsonFile}, {"import", page}} {
		if out, err := exec.Command(bin, append([]string{"--database", db}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("peel %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	const path = "/peel-assessments/sample-2031/kent/sample-area"

	var stderr fixture.Log
	cmd := exec.Command(bin, "--database", db, "serve", "--addr", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	cmd.Env = append(os.Environ(), "PEEL_DATABASE=", "PEEL_ADDR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	waited := make(chan struct{}) // closed when peel has exited
	go func() { waitErr = cmd.Wait(); close(waited) }()
	t.Cleanup(func() {
		cmd.Process.Kill() // in case the test stopped early
		<-waited
	})
	exited := func() bool {
		select {
		case <-waited:
			return true
		default:
			return false
		}
	}
	addr := strings.TrimPrefix(serverURL(t, &stderr, exited), "http://")

	// A slow client: a small receive buffer, and it reads only the head of
	// the response before the signal.
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		return errors.Join(err, serr)
	}}
	conn, err := dialer.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: peel.test\r\n\r\n", path); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v\n%s", err, stderr.String())
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	if requestLogged(&stderr, path, "200") {
		t.Fatal("the response was sent whole before the client read it: the page is too small to keep it in flight")
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the server to start shutting down", func() bool {
		return strings.Contains(stderr.String(), `msg="shutting down`)
	})
	waitFor(t, "the server to stop taking connections", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return false
		}
		return errors.Is(err, syscall.ECONNREFUSED)
	})
	if exited() {
		t.Fatalf("peel exited with a response in flight:\n%s", stderr.String())
	}

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the response in flight was cut off after %d bytes: %v\n%s", len(body), err, stderr.String())
	}
	if !strings.Contains(string(body), last) || !strings.Contains(string(body), "</html>") {
		t.Errorf("the response in flight is not the whole page (%d bytes)", len(body))
	}

	select {
	case <-waited:
		if waitErr != nil {
			t.Errorf("peel exited with %v after SIGTERM, want status 0\n%s", waitErr, stderr.String())
		}
	case <-time.After(patience):
		t.Fatal("peel did not exit after SIGTERM")
	}
	if !requestLogged(&stderr, path, "200") {
		t.Errorf("the request in flight is not logged:\n%s", stderr.String())
	}
}

// sendBufferMax is the most a TCP socket may buffer for sending on this
// machine (the last field of tcp_wmem), or 4 MiB if that cannot be read.
func sendBufferMax() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/tcp_wmem")
	if f := strings.Fields(string(data)); err == nil && len(f) == 3 {
		if n, err := strconv.Atoi(f[2]); err == nil && n > 0 {
			return n
		}
	}
	return 4 << 20
}

// largePage is a page on the sample JSON framework of at least size bytes,
// sample text throughout, whose last paragraph is last.
func largePage(size int, last string) []byte {
	var b strings.Builder
	b.WriteString("Kent SAMPLE 2031/32\n\nSample area\n\nLast updated 01/01/2032\nFair\n\n")
	b.WriteString("A sample summary paragraph for a large test page.\n\nQuestions for Sample area\n\n1\n\n")
	b.WriteString("Are slugs made from names when a file leaves them out?\n\nFair\n\n")
	filler := strings.Repeat("Sample words to make the page large. ", 25)
	for i := 1; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Sample paragraph %d. %s\n\n", i, filler)
	}
	b.WriteString(last + "\n")
	return []byte(b.String())
}
