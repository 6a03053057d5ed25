package tui

import (
	kb "github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// isMove reports whether k is one of the keys that move a list's cursor.
func isMove(k tea.KeyMsg) bool {
	_, ok := moveCursor(k, 0, 0, 0)
	return ok
}

// moveCursor is where a movement key takes the cursor of a list of n rows whose page shows page
// rows (up/down a row, a page, half a page, to the top or bottom); ok is false for any other key.
// The caller clamps the result.
func moveCursor(k tea.KeyMsg, cursor, n, page int) (int, bool) {
	switch {
	case isKey(k, keyUp...):
		return cursor - 1, true
	case isKey(k, keyDown...):
		return cursor + 1, true
	case isKey(k, keyPgUp...):
		return cursor - page, true
	case isKey(k, keyPgDown...):
		return cursor + page, true
	case kb.Matches(k, keyHalfDown):
		return cursor + halfPage(page), true
	case kb.Matches(k, keyHalfUp):
		return cursor - halfPage(page), true
	case isKey(k, keyTop...):
		return 0, true
	case isKey(k, keyBottom...):
		return n - 1, true
	}
	return cursor, false
}

// clampCursor keeps a cursor on one of n rows and scrolls the window of h rows that starts at
// offset so that it shows the cursor, without scrolling past the last row.
func clampCursor(cursor, offset, n, h int) (int, int) {
	cursor = max(0, min(cursor, n-1))
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return cursor, max(0, min(offset, n-h))
}
