//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"

	"github.com/peel-oss/peel/internal/peel"
)

// Every peel process that has a SQLite database open holds a shared flock
// on its file; a restore takes an exclusive one. flock locks are apart from
// the fcntl locks SQLite itself takes.

// lockShared takes the shared lock for an open store.
func lockShared(path string) (unlock func(), err error) {
	return lock(path, syscall.LOCK_SH, "is being restored")
}

// lockExclusive takes the lock a restore needs: no other peel may have the
// database open.
func lockExclusive(path string) (unlock func(), err error) {
	return lock(path, syscall.LOCK_EX, "is in use (a peel serve or another command has it open); stop it first")
}

func lock(path string, how int, busy string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, peel.Errorf(peel.ECONFLICT, "the database %s %s", path, busy)
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
