package catalog

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// work does the writes one "client" of the catalog does: n CreateTable, n
// AddPartitions on its own table and on the shared table, n/2 increments of
// a counter property of the shared table, spread over 4 goroutines.
func work(c *Catalog, client string, n int) error {
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := g; j < n; j += 4 {
				name := fmt.Sprintf("t_%s_%03d", client, j)
				tb := cloudTrailTable("logs", name)
				if err := c.CreateTable(ctx, tb, false); err != nil {
					errs <- err
					return
				}
				vals := []string{client, "us-east-1", "2024", "01", fmt.Sprintf("%03d", j)}
				if _, err := c.AddPartitions(ctx, "logs", name, []Partition{{Values: vals}}, false); err != nil {
					errs <- err
					return
				}
				if _, err := c.AddPartitions(ctx, "logs", "shared", []Partition{{Values: vals}}, false); err != nil {
					errs <- err
					return
				}
				if j%2 == 0 {
					err := c.UpdateTable(ctx, "logs", "shared", func(t *Table) error {
						k, _ := strconv.Atoi(t.Properties["counter"])
						t.Properties["counter"] = strconv.Itoa(k + 1)
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func setupShared(t *testing.T, path string) {
	t.Helper()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.CreateDatabase(ctx, Database{Name: "logs"}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTable(ctx, cloudTrailTable("logs", "shared"), false); err != nil {
		t.Fatal(err)
	}
}

func checkShared(t *testing.T, path string, clients []string, n int) {
	t.Helper()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tables, err := c.Tables(ctx, "logs")
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != len(clients)*n+1 {
		t.Fatalf("%d tables, want %d", len(tables), len(clients)*n+1)
	}
	for _, cl := range clients {
		for j := 0; j < n; j++ {
			name := fmt.Sprintf("t_%s_%03d", cl, j)
			ps, err := c.Partitions(ctx, "logs", name)
			if err != nil || len(ps) != 1 {
				t.Fatalf("table %s: partitions %v, %v", name, ps, err)
			}
		}
	}
	ps, err := c.Partitions(ctx, "logs", "shared")
	if err != nil || len(ps) != len(clients)*n {
		t.Fatalf("shared table: %d partitions, %v; want %d", len(ps), err, len(clients)*n)
	}
	shared, _ := c.Table(ctx, "logs", "shared")
	if got, want := shared.Properties["counter"], strconv.Itoa(len(clients)*n/2); got != want {
		t.Fatalf("counter = %s, want %s: updates were lost", got, want)
	}
	var ic string
	if err := c.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Fatalf("integrity_check = %q, %v", ic, err)
	}
}

// TestConcurrentCatalogs uses two Catalog instances on one file from
// goroutines: 2×100 CreateTable and AddPartitions calls, nothing lost.
func TestConcurrentCatalogs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	setupShared(t, path)
	c1, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	var wg sync.WaitGroup
	var err1, err2 error
	wg.Add(2)
	go func() { defer wg.Done(); err1 = work(c1, "a", 100) }()
	go func() { defer wg.Done(); err2 = work(c2, "b", 100) }()
	wg.Wait()
	if err1 != nil || err2 != nil {
		t.Fatalf("concurrent writers failed: %v; %v", err1, err2)
	}
	checkShared(t, path, []string{"a", "b"}, 100)
}

// TestConcurrentProcesses runs the same work from two processes (this test
// binary re-executed) on one file.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "catalog.db")
	setupShared(t, path)
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for _, client := range []string{"p", "q"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CATALOG_HELPER_PATH="+path, "CATALOG_HELPER_CLIENT="+client)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		outs = append(outs, &out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper process %d: %v\n%s", i, err, outs[i])
		}
	}
	checkShared(t, path, []string{"p", "q"}, 100)
}

func TestHelperProcess(t *testing.T) {
	path := os.Getenv("CATALOG_HELPER_PATH")
	if path == "" {
		t.Skip("helper for TestConcurrentProcesses")
	}
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := work(c, os.Getenv("CATALOG_HELPER_CLIENT"), 100); err != nil {
		t.Fatal(err)
	}
}
