package loggen

import (
	"bufio"
	"math/rand/v2"
	"time"
)

const dayTicks = 24 * 3600 * 10_000_000 // 100 ns ticks in a day

// emitter writes physical lines through a bufio.Writer. A line is built in buf between
// begin and end, so the GitHub prefix and the line ending are applied in one place, and
// bytes and lines are counted exactly.
type emitter struct {
	w     *bufio.Writer
	buf   []byte
	n     int64 // bytes written so far
	lines int64 // line terminators written so far
	err   error

	github bool
	eol    string

	// GitHub Actions timestamps: their own random source, so the content does not depend
	// on whether timestamps are printed.
	tsr  *rand.Rand
	date [10]byte
	day  time.Time
	tick int64 // 100 ns ticks since midnight of day
	// slow, when > 0, is how far the next line's timestamp jumps (progress lines).
	slow int64
}

func newEmitter(w *bufio.Writer, cfg Config) *emitter {
	e := &emitter{w: w, github: cfg.GitHub, eol: "\n", buf: make([]byte, 0, 64<<10)}
	if cfg.CRLF {
		e.eol = "\r\n"
	}
	e.tsr = rand.New(rand.NewPCG(uint64(cfg.Seed), 0x7a3c_51e9_d0f2_8b11))
	e.day = time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	e.setDate()
	// 09:12:45.1234567 plus up to about three hours, depending on the seed.
	e.tick = (9*3600+12*60+45)*10_000_000 + 1_234_567 + int64(e.tsr.IntN(3*3600))*10_000_000
	return e
}

func (e *emitter) setDate() {
	y, m, d := e.day.Date()
	e.date = [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-', byte('0' + d/10), byte('0' + d%10)}
}

// appendTS appends "YYYY-MM-DDTHH:MM:SS.fffffffZ " and advances the clock.
func (e *emitter) appendTS(b []byte) []byte {
	if e.slow > 0 {
		e.tick += e.slow + int64(e.tsr.Uint64()&0x3ff)
		e.slow = 0
	} else {
		e.tick += 1 + int64(e.tsr.Uint64()&0x7f) // the report is printed in a burst: ~6 µs per line
	}
	for e.tick >= dayTicks {
		e.tick -= dayTicks
		e.day = e.day.AddDate(0, 0, 1)
		e.setDate()
	}
	t := e.tick
	frac := t % 10_000_000
	s := t / 10_000_000
	h, m := s/3600, s/60%60
	s %= 60
	b = append(b, e.date[:]...)
	b = append(b, 'T', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':',
		byte('0'+s/10), byte('0'+s%10), '.')
	var f [7]byte
	for i := 6; i >= 0; i-- {
		f[i] = byte('0' + frac%10)
		frac /= 10
	}
	b = append(b, f[:]...)
	return append(b, 'Z', ' ')
}

// begin starts a new line (with its GitHub prefix when enabled).
func (e *emitter) begin() {
	e.buf = e.buf[:0]
	if e.github {
		e.buf = e.appendTS(e.buf)
	}
}

// end terminates the line under construction and writes it.
func (e *emitter) end() {
	e.buf = append(e.buf, e.eol...)
	e.n += int64(len(e.buf))
	e.lines++
	if e.err == nil {
		_, e.err = e.w.Write(e.buf)
	}
	if cap(e.buf) > 4<<20 { // do not keep a huge one-off line buffer alive
		e.buf = make([]byte, 0, 64<<10)
	}
}

// raw writes bytes that are not a line (the BOM).
func (e *emitter) raw(s string) {
	e.n += int64(len(s))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *emitter) line(s string) {
	e.begin()
	e.buf = append(e.buf, s...)
	e.end()
}

func (e *emitter) line2(a, b string) {
	e.begin()
	e.buf = append(e.buf, a...)
	e.buf = append(e.buf, b...)
	e.end()
}

func (e *emitter) blank() {
	e.begin()
	e.end()
}

// rule writes " title ".center(80, fill), Python style: the extra fill goes right.
func (e *emitter) rule(title string, fill byte) {
	e.begin()
	e.buf = appendCentered(e.buf, title, fill, 80)
	e.end()
}

func appendCentered(b []byte, title string, fill byte, width int) []byte {
	n := len([]rune(title)) + 2
	pad := width - n
	if pad < 0 {
		pad = 0
	}
	// CPython: left = pad/2 + (pad & width & 1)
	left := pad/2 + (pad & width & 1)
	right := pad - left
	for i := 0; i < left; i++ {
		b = append(b, fill)
	}
	b = append(b, ' ')
	b = append(b, title...)
	b = append(b, ' ')
	for i := 0; i < right; i++ {
		b = append(b, fill)
	}
	return b
}

func (e *emitter) flush() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}
