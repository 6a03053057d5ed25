package parser

// FormatText is what --format calls Schemathesis CLI text; the parser tells 3.x from 4.x itself.
const FormatText Format = "text"
