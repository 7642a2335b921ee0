package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logWriter holds what is written to it and writes it out every interval,
// when its buffer fills, and when closed: a server's log then costs a write
// to its output every interval rather than one a request, which under load
// is a tenth of the server's time. A line reaches the output at most an
// interval late.
type logWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newLogWriter(w io.Writer, every time.Duration) *logWriter {
	l := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-tick.C:
				l.flush()
			}
		}
	}()
	return l
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logWriter) flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

// Close stops the interval and writes out what is held.
func (l *logWriter) Close() error {
	close(l.stop)
	<-l.done
	return l.flush()
}
