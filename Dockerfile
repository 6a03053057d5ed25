# ctlog in a container: docker build --build-arg VERSION=v1.2.3 -t ctlog .
#   docker run --rm -v "$PWD:/work" -w /work ctlog summarize schemathesis-output.txt
FROM golang:1.26 AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -buildid= -X github.com/ctlog-dev/ctlog/internal/command.Version=${VERSION}" \
    -o /out/ctlog ./cmd/ctlog

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ctlog /usr/local/bin/ctlog
COPY LICENSE /usr/share/doc/ctlog/LICENSE
ENTRYPOINT ["/usr/local/bin/ctlog"]
