// Command verify checks comity's checkpoints and proofs with Go's own implementations
// (golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog, from Debian's
// golang-golang-x-mod-dev), independently of comity's Python code. It exits 0 and prints
// "ok" when the check passes, 1 with the reason otherwise.
//
//	verify note VKEY-FILE NOTE-FILE
//	verify tree OLD-SIZE OLD-ROOT NEW-SIZE NEW-ROOT PROOF-FILE
//	verify record SIZE ROOT INDEX LEAF-HEX PROOF-FILE
//
// Roots are base64; proof files hold one base64 hash a line.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
	os.Exit(1)
}

func read(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("read %s: %v", path, err)
	}
	return string(data)
}

func hash(text string) tlog.Hash {
	var h tlog.Hash
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(raw) != len(h) {
		fail("not a base64 SHA-256 hash: %q", text)
	}
	copy(h[:], raw)
	return h
}

func number(text string) int64 {
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		fail("not a number: %q", text)
	}
	return n
}

func proof(path string) []tlog.Hash {
	var hashes []tlog.Hash
	for _, line := range strings.Split(read(path), "\n") {
		if line != "" {
			hashes = append(hashes, hash(line))
		}
	}
	return hashes
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: verify note|tree|record ...")
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "note":
		verifier, err := note.NewVerifier(strings.TrimSpace(read(args[0])))
		if err != nil {
			fail("verifier key: %v", err)
		}
		n, err := note.Open([]byte(read(args[1])), note.VerifierList(verifier))
		if err != nil {
			fail("open: %v", err)
		}
		fmt.Printf("ok %s %08x %d unverified\n", n.Sigs[0].Name, n.Sigs[0].Hash, len(n.UnverifiedSigs))
		os.Stdout.WriteString(n.Text)
	case "tree":
		err := tlog.CheckTree(tlog.TreeProof(proof(args[4])), number(args[2]), hash(args[3]), number(args[0]), hash(args[1]))
		if err != nil {
			fail("tree: %v", err)
		}
		fmt.Println("ok")
	case "record":
		leaf, err := hex.DecodeString(args[3])
		if err != nil {
			fail("leaf: %v", err)
		}
		err = tlog.CheckRecord(tlog.RecordProof(proof(args[4])), number(args[0]), hash(args[1]), number(args[2]), tlog.RecordHash(leaf))
		if err != nil {
			fail("record: %v", err)
		}
		fmt.Println("ok")
	default:
		fail("unknown check %q", os.Args[1])
	}
}
