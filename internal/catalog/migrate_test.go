package catalog

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// withRegistry restores the global migration registry when the test ends.
func withRegistry(t *testing.T) {
	t.Helper()
	migrationsMu.Lock()
	saved := slices.Clone(registered)
	migrationsMu.Unlock()
	t.Cleanup(func() {
		migrationsMu.Lock()
		registered = saved
		migrationsMu.Unlock()
	})
}

func countNotes(t *testing.T, c *Catalog) int {
	t.Helper()
	var n int
	if err := c.DB().QueryRow(`SELECT count(*) FROM notes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegisterMigration(t *testing.T) {
	withRegistry(t)
	RegisterMigration("test/notes_v1", `CREATE TABLE notes(id INTEGER PRIMARY KEY, txt TEXT NOT NULL);
INSERT INTO notes(txt) VALUES ('first');`)
	path := filepath.Join(t.TempDir(), "c.db")
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := countNotes(t, c); n != 1 {
		t.Fatalf("notes rows = %d, want 1", n)
	}
	c.Close()

	RegisterMigration("test/notes_v2", `ALTER TABLE notes ADD COLUMN extra TEXT; INSERT INTO notes(txt, extra) VALUES ('second', 'x')`)
	for i := 0; i < 2; i++ {
		c, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := countNotes(t, c); n != 2 {
			t.Fatalf("open %d: notes rows = %d, want 2 (each migration applied once)", i, n)
		}
		applied, err := c.AppliedMigrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(applied, ",") != "catalog/0001_init,test/notes_v1,test/notes_v2" {
			t.Fatalf("applied = %v", applied)
		}
		c.Close()
	}

	for _, tc := range []struct{ name, sql string }{
		{"test/notes_v1", "SELECT 1"},     // duplicate
		{"catalog/0001_init", "SELECT 1"}, // a builtin name
		{"", "SELECT 1"},
		{"test/empty", "  "},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("RegisterMigration(%q, %q) did not panic", tc.name, tc.sql)
				}
			}()
			RegisterMigration(tc.name, tc.sql)
		}()
	}
}

func TestFailingMigrationRollsBack(t *testing.T) {
	withRegistry(t)
	path := filepath.Join(t.TempDir(), "c.db")
	RegisterMigration("test/half", `CREATE TABLE half_done(x); SELEC oops`)
	if c, err := Open(path); err == nil {
		c.Close()
		t.Fatal("Open with a broken migration succeeded")
	} else if !strings.Contains(err.Error(), `migration "test/half" failed`) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q does not name the migration and file", err)
	}
	migrationsMu.Lock()
	registered = registered[:len(registered)-1]
	migrationsMu.Unlock()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var n int
	c.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n)
	if n != 0 {
		t.Fatal("a failed migration left its table behind")
	}
	applied, _ := c.AppliedMigrations(ctx)
	if slices.Contains(applied, "test/half") {
		t.Fatalf("failed migration recorded: %v", applied)
	}
}

// TestConcurrentOpen opens a new file from several goroutines at once: every
// Open succeeds and each migration is applied once.
func TestConcurrentOpen(t *testing.T) {
	withRegistry(t)
	RegisterMigration("test/counter", `CREATE TABLE opens(x); INSERT INTO opens VALUES (1);`)
	path := filepath.Join(t.TempDir(), "sub", "c.db")
	var wg sync.WaitGroup
	cats := make([]*Catalog, 6)
	errs := make([]error, 6)
	for i := range cats {
		wg.Add(1)
		go func() { defer wg.Done(); cats[i], errs[i] = Open(path) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer cats[i].Close()
	}
	var n int
	cats[0].DB().QueryRow(`SELECT count(*) FROM opens`).Scan(&n)
	if n != 1 {
		t.Fatalf("migration applied %d times", n)
	}
	dbs, _ := cats[3].Databases(ctx)
	if len(dbs) != 1 {
		t.Fatalf("databases = %v", dbs)
	}
}
