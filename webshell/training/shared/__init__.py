"""What the training folders share: scope, row ↔ radrules model, vocabulary, exports, notices."""
