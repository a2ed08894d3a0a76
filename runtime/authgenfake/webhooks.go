package authgenfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// SendWebhook posts body to target as the provider would: signed with secret
// in the provider's scheme, timestamped with the fake's clock, the event
// type in its header when the provider sends it so. It is for testing the
// consumer's webhook handler.
func (s *Server) SendWebhook(target, eventType string, body []byte, secret string) (*http.Response, error) {
	w := s.spec.Webhook
	if w == nil {
		return nil, errors.New("fake: the spec declares no webhook signing")
	}
	key := []byte(secret)
	if w.SecretPrefix != "" {
		decoded, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, w.SecretPrefix))
		if err != nil {
			return nil, fmt.Errorf("fake: the secret is not %s + base64", w.SecretPrefix)
		}
		key = decoded
	}
	s.mu.Lock()
	ts := strconv.FormatInt(s.now().Unix(), 10)
	s.mu.Unlock()
	id := "msg_fake_" + ts
	sig, err := sign(w, key, signedContent(w, ts, id, target, body))
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if w.SignatureKey != "" {
		req.Header.Set(w.Header, w.TimestampKey+"="+ts+","+w.SignatureKey+"="+sig)
	} else {
		req.Header.Set(w.Header, w.Prefix+sig)
	}
	for name, value := range map[string]string{w.TimestampHeader: ts, w.IDHeader: id, w.EventHeader: eventType} {
		if name != "" {
			req.Header.Set(name, value)
		}
	}
	return http.DefaultClient.Do(req)
}

// signedContent is what the provider signs: the parts of w.Signed, in
// order.
func signedContent(w *authgenrt.WebhookSpec, ts, id, target string, body []byte) []byte {
	var content bytes.Buffer
	for _, part := range w.Signed {
		switch part.Kind {
		case authgenrt.WebhookLiteral:
			content.WriteString(part.Text)
		case authgenrt.WebhookTimestamp:
			content.WriteString(ts)
		case authgenrt.WebhookID:
			content.WriteString(id)
		case authgenrt.WebhookBody:
			content.Write(body)
		case authgenrt.WebhookURL:
			content.WriteString(target)
		case authgenrt.WebhookFormParams:
			form, _ := url.ParseQuery(string(body))
			names := make([]string, 0, len(form))
			for n := range form {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				for _, v := range form[n] {
					content.WriteString(n + v)
				}
			}
		}
	}
	return content.Bytes()
}

// sign is the signature of content with key, encoded as w says. The fake
// holds no private key, so it cannot sign as an Ed25519 provider does.
func sign(w *authgenrt.WebhookSpec, key, content []byte) (string, error) {
	var m hash.Hash
	switch w.Algorithm {
	case authgenrt.WebhookHMACSHA1:
		m = hmac.New(sha1.New, key)
	case authgenrt.WebhookHMACSHA256:
		m = hmac.New(sha256.New, key)
	default:
		return "", fmt.Errorf("fake: cannot sign webhooks with algorithm %d (only HMAC)", w.Algorithm)
	}
	m.Write(content)
	sum := m.Sum(nil)
	if w.Encoding == authgenrt.WebhookBase64 {
		return base64.StdEncoding.EncodeToString(sum), nil
	}
	return hex.EncodeToString(sum), nil
}
