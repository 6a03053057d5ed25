package hooks

// The module's uses of its function names, indexed in one pass over the statements so that the
// questions asked per function (is it called at import? how does the rest of the module use
// it?) cost no more than the function's own uses, not a scan of the whole module each.

// nameUse is one statement that refers to a function's name as a word: not as an attribute
// (`x.name`) and not as part of a longer name.
type nameUse struct {
	stmt  int    // index in pyModule.Stmts
	call  bool   // the statement calls the name: `name(` (spaces allowed before the parenthesis)
	argOf string // the callee of the first call whose argument list holds the name, "" if none
}

// useIndex is what indexUses finds.
type useIndex struct {
	uses        map[string][]nameUse // function name -> statements using it, in module order
	importCalls map[string]bool      // function names a statement run at import calls
	work        int                  // bytes scanned and uses recorded: a measure of the work done, for tests
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isSpaceByte is RE2's \s: [\t\n\f\r ].
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// indexUses scans every statement once (string contents blanked) for the module's function names.
//
// A use is a maximal run of word characters equal to the name and not preceded by a dot. A use
// is a call when only spaces separate it from a "(". The callee of a use is read off the first
// "(" of the statement whose argument text reaches the use: the name is the first thing after
// the "(" (spaces aside), or follows a character other than a dot or a word character with no
// parenthesis between the "(" and that character; the callee is the run of word characters and
// dots before the "(" (spaces aside), from its first letter or underscore.
func indexUses(m *pyModule) *useIndex {
	names := make(map[string]bool, len(m.Funcs))
	for _, f := range m.Funcs {
		names[f.Name] = true
	}
	ix := &useIndex{uses: map[string][]nameUse{}, importCalls: map[string]bool{}}
	for i, s := range m.Stmts {
		ix.statement(i, s, blankStrings(s.Text), names)
	}
	return ix
}

// statement indexes one statement; text is its text with string contents blanked.
func (ix *useIndex) statement(i int, s pyStmt, text string, names map[string]bool) {
	ix.work += len(text)
	// entry returns the statement's use of name, adding it on the first use.
	entry := func(name string) *nameUse {
		list := ix.uses[name]
		if n := len(list); n > 0 && list[n-1].stmt == i {
			return &list[n-1]
		}
		ix.work++
		ix.uses[name] = append(list, nameUse{stmt: i})
		return &ix.uses[name][len(list)]
	}
	// word returns the name starting at k, or "" when k starts no function name used as a word.
	word := func(k int) (string, int) {
		j := k
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		if j == k || k > 0 && (isWordByte(text[k-1]) || text[k-1] == '.') || !names[text[k:j]] {
			return "", j
		}
		return text[k:j], j
	}
	for k := 0; k < len(text); {
		if !isWordByte(text[k]) {
			k++
			continue
		}
		name, j := word(k)
		if name != "" {
			u := entry(name)
			p := j
			for p < len(text) && isSpaceByte(text[p]) {
				p++
			}
			if p < len(text) && text[p] == '(' {
				u.call = true
				if !s.InDef && !s.InMain {
					ix.importCalls[name] = true
				}
			}
		}
		k = j
	}
	// Callees: each "(" with a callee before it reaches the names up to the next parenthesis and
	// a name right after that parenthesis.
	for o := 0; o < len(text); o++ {
		if text[o] != '(' {
			continue
		}
		callee := calleeBefore(text, o)
		if callee == "" {
			continue
		}
		assign := func(k int) {
			if name, _ := word(k); name != "" {
				if u := entry(name); u.argOf == "" {
					u.argOf = callee
				}
			}
		}
		k := o + 1
		for k < len(text) && text[k] != '(' && text[k] != ')' {
			if isWordByte(text[k]) && (k == o+1 || !isWordByte(text[k-1]) && text[k-1] != '.') {
				assign(k)
			}
			k++
		}
		if k+1 < len(text) {
			assign(k + 1)
		}
	}
}

// calleeBefore is the callee of the call whose "(" is at text[o]: the run of word characters and
// dots before it (spaces between allowed), from the run's first letter or underscore; "" when
// there is none.
func calleeBefore(text string, o int) string {
	end := o
	for end > 0 && isSpaceByte(text[end-1]) {
		end--
	}
	start := end
	for start > 0 && (isWordByte(text[start-1]) || text[start-1] == '.') {
		start--
	}
	for start < end && !(text[start] == '_' || text[start] >= 'a' && text[start] <= 'z' || text[start] >= 'A' && text[start] <= 'Z') {
		start++
	}
	return text[start:end]
}
