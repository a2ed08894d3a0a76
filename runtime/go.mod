module github.com/authgen/authgen/runtime

go 1.24
