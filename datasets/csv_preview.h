#pragma once
// What importing a CSV with some options would give, for the GUI's import preview: every header
// column with its role (feature, label, ignored, dropped), type, missing cells and example
// values, the first rows as the importer stores them, its notes, or its error. Made by the real
// reader (readCsv) on the caller's thread; honours ctx like an import. A plain value.
#include "dataset_content.h"
#include "importers.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dllab::datasets {

enum class ColumnRole { Feature, Label, Ignored, Dropped };

struct CsvColumnSummary {
    std::string name;
    ColumnRole role = ColumnRole::Feature;
    bool forced = false;                   // the options set its type
    ColumnType type = ColumnType::Numeric; // features: as the reader read it
    int stored = -1;                       // features: the index in content.columnNames, else -1
    int64_t missing = 0;         // features: missing cells; label: rows left out (label missing)
    int64_t distinct = 0;        // categorical and text: categories; label: classes
    std::vector<float> examples; // features: up to 3 distinct stored values, first seen first
    std::string note;            // dropped: why (the reader's note)
};

struct CsvPreview {
    std::vector<CsvColumnSummary> columns; // one per header column, in file order
    int labelIndex = -1;                   // into columns; -1 when the header is unknown
    int64_t rows = 0;                      // rows the import would keep
    // The import's content cut to its first rows (columnInfo and classNames whole), to show
    // them as the file had them.
    DatasetContent head;
    std::vector<std::string> notes; // the reader's notes
    std::string error;              // the reader's error (file, line, column); the rest partial
};

// The header's column names as the CSV reader splits them (byte-order mark, delimiter sniffing,
// quotes). Throws dllab::Error when the file cannot be read or has no header line.
std::vector<std::string> readCsvHeader(const std::filesystem::path &file);

// Reads `file` as an import with `options` would and summarises it, keeping `maxRows` rows.
// The reader's errors end up in `error`; a stop through ctx throws dllab::Cancelled.
CsvPreview previewCsv(const std::filesystem::path &file, const ImportOptions &options,
                      const JobContext &ctx, int maxRows = 20);

} // namespace dllab::datasets
