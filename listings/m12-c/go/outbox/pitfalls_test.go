package outbox

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goTool runs the go command on a package under testdata/ (which ./...
// skips) with this test's environment: CGO_LDFLAGS, GOPROXY=off, caches.
func goTool(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// ANCHOR: pitfall_tests
func TestCgoInATestFileIsRefused(t *testing.T) {
	out, err := goTool(t, "vet", "./testdata/cgo_in_test")
	if err == nil || !strings.Contains(out, "use of cgo in test") {
		t.Fatalf("want the go tool to refuse cgo in a _test.go file; got %v:\n%s", err, out)
	}
}

func TestGoPointerToGoPointerPanics(t *testing.T) {
	out, err := goTool(t, "run", "./testdata/go_pointer")
	// Go 1.19 says "Go pointer to Go pointer"; 1.21 and later say "Go
	// pointer to unpinned Go pointer".
	if err == nil || !strings.Contains(out, "cgo argument has Go pointer to") {
		t.Fatalf("want cgo's pointer check to panic; got %v:\n%s", err, out)
	}
}

// ANCHOR_END: pitfall_tests
