package digest

import (
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// KeyBits is the size of the RSA keys GenerateKey and LoadOrCreateKey make.
const KeyBits = 2048

// KeyPair is the RSA key digests are signed with (SHA256withRSA).
type KeyPair struct {
	priv *rsa.PrivateKey
	pub  PublicKey
}

// PublicKey is one public key as ListPublicKeys returns it: the DER of a
// PKCS #1 RSAPublicKey, its fingerprint (hex MD5 of the DER) and the time
// range it signs digests in. A zero ValidTo means still in use.
type PublicKey struct {
	DER         []byte
	Fingerprint string
	ValidFrom   time.Time
	ValidTo     time.Time
}

// Fingerprint returns the fingerprint of a public key's PKCS #1 DER, as
// CloudTrail's digestPublicKeyFingerprint and ListPublicKeys' Fingerprint.
func Fingerprint(der []byte) string {
	sum := md5.Sum(der)
	return hex.EncodeToString(sum[:])
}

// ListPublicKeys returns the keys whose validity overlaps [start, end], as
// CloudTrail's ListPublicKeys: a zero start or end is now; a zero ValidTo
// is open-ended.
func ListPublicKeys(keys []PublicKey, start, end, now time.Time) []PublicKey {
	if start.IsZero() {
		start = now
	}
	if end.IsZero() {
		end = now
	}
	var out []PublicKey
	for _, k := range keys {
		if !k.ValidFrom.IsZero() && k.ValidFrom.After(end) {
			continue
		}
		if !k.ValidTo.IsZero() && k.ValidTo.Before(start) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// NewKeyPair wraps an RSA private key (at least 2048 bits) used from
// validFrom on.
func NewKeyPair(priv *rsa.PrivateKey, validFrom time.Time) (*KeyPair, error) {
	if priv.N.BitLen() < KeyBits {
		return nil, fmt.Errorf("digest signing key has %d bits, want at least %d", priv.N.BitLen(), KeyBits)
	}
	der := x509.MarshalPKCS1PublicKey(&priv.PublicKey)
	return &KeyPair{priv: priv, pub: PublicKey{DER: der, Fingerprint: Fingerprint(der), ValidFrom: validFrom.UTC()}}, nil
}

// GenerateKey makes a new 2048-bit key pair, valid from now.
func GenerateKey() (*KeyPair, error) {
	priv, err := rsa.GenerateKey(rand.Reader, KeyBits)
	if err != nil {
		return nil, fmt.Errorf("cannot generate the digest signing key: %w", err)
	}
	return NewKeyPair(priv, time.Now())
}

// LoadOrCreateKey reads the PEM private key at path (PKCS #1 "RSA PRIVATE
// KEY" or PKCS #8 "PRIVATE KEY"), creating a 2048-bit one (mode 0600, its
// folder 0700) when the file does not exist. Creation is atomic and safe
// against a concurrent creator: the key is written to a temporary file and
// hard-linked into place, and the process that loses the race loads the
// winner's key. The key is valid from the file's modification time.
func LoadOrCreateKey(path string) (*KeyPair, error) {
	k, err := loadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the digest signing key %s: %w", path, err)
	}
	priv, err := rsa.GenerateKey(rand.Reader, KeyBits)
	if err != nil {
		return nil, fmt.Errorf("cannot generate the digest signing key: %w", err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(priv)})
	if err := createOnce(path, data); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("cannot create the digest signing key %s: %w", path, err)
	}
	return loadKey(path)
}

// createOnce stores data at path unless a file is there (fs.ErrExist).
func createOnce(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trawl-key-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp.Name(), path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links here: exclusive create (a concurrent reader may then
	// see a partly written file, and fail).
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func loadKey(path string) (*KeyPair, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the digest signing key %s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the digest signing key %s: %w", path, err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("cannot read the digest signing key %s: no PEM block", path)
	}
	var priv *rsa.PrivateKey
	switch block.Type {
	case "RSA PRIVATE KEY":
		priv, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		var k any
		if k, err = x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
			var ok bool
			if priv, ok = k.(*rsa.PrivateKey); !ok {
				err = fmt.Errorf("a %T, not an RSA key", k)
			}
		}
	default:
		err = fmt.Errorf("PEM block %q, want RSA PRIVATE KEY or PRIVATE KEY", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the digest signing key %s: %w", path, err)
	}
	k, err := NewKeyPair(priv, info.ModTime())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// Fingerprint returns the public key's fingerprint (hex MD5 of its PKCS #1
// DER), CloudTrail's digestPublicKeyFingerprint.
func (k *KeyPair) Fingerprint() string { return k.pub.Fingerprint }

// PublicKeyDER returns the PKCS #1 DER of the public key, what
// ListPublicKeys returns as Value.
func (k *KeyPair) PublicKeyDER() []byte { return append([]byte(nil), k.pub.DER...) }

// Public returns the public key as ListPublicKeys describes it.
func (k *KeyPair) Public() PublicKey {
	p := k.pub
	p.DER = k.PublicKeyDER()
	return p
}

// sign returns the SHA256withRSA (PKCS #1 v1.5) signature of s.
func (k *KeyPair) sign(s string) ([]byte, error) {
	sum := sha256.Sum256([]byte(s))
	return rsa.SignPKCS1v15(rand.Reader, k.priv, crypto.SHA256, sum[:])
}

// verify checks a SHA256withRSA signature of s with a PKCS #1 DER key.
func verify(der []byte, s string, sig []byte) error {
	pub, err := x509.ParsePKCS1PublicKey(der)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(s))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig)
}
