//authgen:feature multipart

package authgenrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"reflect"
	"strings"
	"time"
)

// This file is copied into a client only when its spec has a
// multipart/form-data body.

// EncodeMultipart encodes a struct as multipart/form-data, one part per
// field that is set, named by its json tag: []byte fields are file parts
// (the field name is the file name), scalars are text, anything else is
// JSON text.
func EncodeMultipart(body any, _ string) ([]byte, string, error) {
	rv := reflect.ValueOf(body)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, "", errors.New("multipart body is nil")
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, "", fmt.Errorf("multipart body must be a struct, not %s", rv.Kind())
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if name == "-" || !field.IsExported() {
			continue
		}
		if name == "" {
			name = field.Name
		}
		v := rv.Field(i)
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Interface) && v.IsNil() {
			continue
		}
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if err := writePart(w, name, v); err != nil {
			return nil, "", fmt.Errorf("multipart field %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func writePart(w *multipart.Writer, name string, v reflect.Value) error {
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
		part, err := w.CreateFormFile(name, name)
		if err != nil {
			return err
		}
		_, err = part.Write(v.Bytes())
		return err
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return w.WriteField(name, formatParam(v.Interface()))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() != reflect.Struct && v.Type().Elem().Kind() != reflect.Map {
			for i := 0; i < v.Len(); i++ {
				if err := writePart(w, name, v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if t, ok := v.Interface().(time.Time); ok {
		return w.WriteField(name, formatParam(t))
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	return w.WriteField(name, string(b))
}
