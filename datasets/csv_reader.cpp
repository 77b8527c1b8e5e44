// CSV (RFC 4180) into a table dataset. The file is read in 1 MiB chunks and parsed in place by a
// hand-written state machine: numeric cells go straight from the buffer through std::from_chars,
// and only quoted cells and text ever touch a std::string. A record cut by the end of a chunk
// is parsed again once the rest of it has been read.
//
// Column types are inferred on the way: every column starts numeric; the first cell that is not
// a number (nor a missing-value marker) makes it a date column when it reads as one, else
// categorical, and the file is read again from the start with the new type. A column changes
// type at most three times, and real tables show their text in the first rows, so the re-reads
// are short.
#include "importers.h"

#include "csv_text.h"
#include "date_text.h"
#include "gzip_file.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <numeric>

namespace dllab::datasets {
namespace {

constexpr std::size_t chunkBytes = std::size_t(1) << 20;
// One record larger than this is almost surely a quote left open; stop before buffering the file.
constexpr std::size_t maxRecordBytes = std::size_t(256) << 20;

// Bit for bit what std::from_chars gives, for the cells most numeric CSVs hold: at most 7 digits
// and no exponent. Such a mantissa and 10^fraction are exact floats, so one IEEE division rounds
// correctly (Clinger's fast path) and the general parser is skipped. False: not such a cell.
bool shortDecimal(const char *p, const char *end, float &value, const char *&stop)
{
    static constexpr float powers[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};
    const bool negative = p < end && *p == '-';
    p += negative;
    uint32_t mantissa = 0;
    int digits = 0, fraction = 0;
    for (; p < end && unsigned(*p - '0') < 10 && digits < 8; ++p, ++digits)
        mantissa = mantissa * 10 + unsigned(*p - '0');
    if (p < end && *p == '.') {
        const char *first = ++p;
        for (; p < end && unsigned(*p - '0') < 10 && digits < 8; ++p, ++digits)
            mantissa = mantissa * 10 + unsigned(*p - '0');
        fraction = int(p - first);
    }
    if (digits == 0 || digits > 7
        || (p < end && (*p == 'e' || *p == 'E' || unsigned(*p - '0') < 10)))
        return false;
    const float magnitude = float(mantissa) / powers[fraction];
    value = negative ? -magnitude : magnitude;
    stop = p;
    return true;
}

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

std::string lowered(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return lower;
}

// A column's type as the read goes, and the distinct texts of a categorical one.
struct ColumnState {
    ColumnType type = ColumnType::Numeric;
    bool forced = false; // set by the options: a cell that does not fit is an error
    DateOrder order = DateOrder::Unknown;
    int retypes = 0;
    LabelTable texts;
};

// Thrown by a cell that does not fit its column's inferred type; the read starts again.
struct Retype {
    int column;
    ColumnType type;
    DateOrder order;
};

class CsvReader {
public:
    CsvReader(const std::filesystem::path &file, const ImportOptions &options,
              const JobContext &ctx)
        : m_path(file), m_name(file.filename().string()), m_labelColumn(options.labelColumn),
          m_task(options.task), m_types(options.columnTypes), m_decimal(options.decimal), m_ctx(ctx)
    {
        if (lowered(file.extension().string()) == ".tsv")
            m_delimiter = '\t';
        m_missing = defaultMissingMarkers();
        for (const auto &marker : options.missingMarkers)
            m_missing.push_back(lowered(trimmed(marker)));
        for (const auto &marker : m_missing)
            m_longestMarker = std::max(m_longestMarker, marker.size());
        if (m_decimal != '.' && m_decimal != ',')
            throw Error(std::string("the decimal mark must be '.' or ','; got '") + m_decimal
                        + "'");
    }

    DatasetContent read();

private:
    enum class Step { Done, NeedMore };
    struct Field {
        std::string_view text;
        bool endsRecord = false;
    };

    void readAll();
    void restart(const Retype &retype);
    void sniffDelimiter();
    bool isMissing(std::string_view cell) const;
    float cellValue(std::string_view text, int column);
    float numberCell(std::string_view cell, int column);
    DatasetContent finish();
    void setLabels(DatasetContent &content);
    void refill();
    Step parseHeader(const char *&pos, const char *end);
    Step parseRecord(const char *&pos, const char *end);
    Step parseFields(const char *&p, const char *end);
    int countFields(const char *p, const char *end);
    bool skipBlankLine(const char *&p, const char *end, Step &step);
    bool scanField(const char *&p, const char *end, int column, Field &field, int &newlines);
    bool endField(const char *&p, const char *terminator, const char *end, bool &endsRecord);
    float slowNumber(std::string_view text, int column) const;
    int64_t labelId(std::string_view text, int column);
    void reserveRows();
    [[noreturn]] void fail(int column, const std::string &what) const;
    [[noreturn]] void failLine(const std::string &what) const;
    [[noreturn]] void failRagged(int fields) const;

    std::filesystem::path m_path;
    std::string m_name;
    std::string m_labelColumn;
    std::optional<Task> m_task;
    std::map<std::string, ColumnType> m_types;
    char m_decimal = '.';
    const JobContext &m_ctx;
    char m_delimiter = 0;               // 0: not yet known
    std::vector<std::string> m_missing; // lower case
    size_t m_longestMarker = 0;

    std::unique_ptr<GzipFile> m_file; // a .csv.gz reads as the CSV it holds
    std::uintmax_t m_fileSize = 0;
    std::uintmax_t m_bytesRead = 0;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    int64_t m_line = 1; // where the record being parsed starts

    std::vector<std::string> m_columns;
    std::vector<ColumnState> m_state; // per column of the file
    std::vector<int> m_stored;        // the columns kept as features, in file order
    int64_t m_unlabelled = 0;         // rows left out: their label is missing
    int m_labelIndex = -1;
    std::vector<float> m_row;
    std::vector<float> m_values;
    std::vector<int64_t> m_labels; // ids in m_labelTable until it finishes
    LabelTable m_labelTable;
    std::string m_scratch;
    std::string m_number; // a decimal comma turned into a point
};

void CsvReader::fail(int column, const std::string &what) const
{
    std::string name = column < int(m_columns.size()) ? m_columns[std::size_t(column)] : "";
    throw Error(m_name + ": line " + std::to_string(m_line) + ", column "
                + std::to_string(column + 1) + (m_columns.empty() ? "" : " ('" + name + "')") + ": "
                + what);
}

void CsvReader::failLine(const std::string &what) const
{
    throw Error(m_name + ": line " + std::to_string(m_line) + ": " + what);
}

void CsvReader::failRagged(int fields) const
{
    failLine(std::to_string(fields) + " fields, expected " + std::to_string(m_columns.size())
             + " like the header");
}

void CsvReader::refill()
{
    const std::size_t kept = m_end - m_begin;
    if (m_begin > 0 && kept > 0)
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, kept);
    m_begin = 0;
    m_end = kept;
    // One byte stays free for the newline added at the end of the file.
    if (m_end + 1 >= m_buffer.size()) {
        if (m_buffer.size() >= maxRecordBytes)
            failLine("a record longer than " + std::to_string(maxRecordBytes >> 20)
                     + " MiB; is a quote left open?");
        m_buffer.resize(m_buffer.size() * 2);
    }
    const std::size_t wanted = m_buffer.size() - 1 - m_end;
    const std::size_t got = m_file->read(m_buffer.data() + m_end, wanted); // throws if corrupt
    m_end += got;
    m_bytesRead += got;
    if (got < wanted) {
        m_eof = true;
        // A final record without a line end gets one, so that every record ends the same way.
        if (m_end > 0 && m_buffer[m_end - 1] != '\n' && m_buffer[m_end - 1] != '\r')
            m_buffer[m_end++] = '\n';
    }
}

// Consumes the line end at terminator (",", "\n", "\r\n" or a lone "\r").
bool CsvReader::endField(const char *&p, const char *terminator, const char *end, bool &endsRecord)
{
    const char c = *terminator;
    if (c == m_delimiter) {
        endsRecord = false;
        p = terminator + 1;
        return true;
    }
    endsRecord = true;
    if (c == '\r') {
        if (terminator + 1 == end) {
            if (!m_eof)
                return false;
            p = terminator + 1;
            return true;
        }
        p = terminator + (terminator[1] == '\n' ? 2 : 1);
        return true;
    }
    p = terminator + 1;
    return true;
}

// Reads one field at p, unquoting it into m_scratch when quoted. False: the buffer ends first.
bool CsvReader::scanField(const char *&p, const char *end, int column, Field &field, int &newlines)
{
    if (p == end)
        return false;
    if (*p != '"') {
        const char *q = p;
        while (q < end && *q != m_delimiter && *q != '\n' && *q != '\r')
            ++q;
        if (q == end)
            return false;
        field.text = std::string_view(p, std::size_t(q - p));
        return endField(p, q, end, field.endsRecord);
    }
    m_scratch.clear();
    const char *q = p + 1;
    int seen = 0;
    for (;;) {
        const auto *quote = static_cast<const char *>(std::memchr(q, '"', std::size_t(end - q)));
        if (!quote) {
            if (m_eof)
                fail(column, "a quoted field is never closed (unterminated quote)");
            return false;
        }
        seen += int(std::count(q, quote, '\n'));
        m_scratch.append(q, quote);
        if (quote + 1 == end) {
            if (m_eof)
                fail(column, "a quoted field is never closed (unterminated quote)");
            return false;
        }
        if (quote[1] == '"') { // "" stands for one quote
            m_scratch.push_back('"');
            q = quote + 2;
            continue;
        }
        q = quote + 1;
        break;
    }
    if (*q != m_delimiter && *q != '\n' && *q != '\r')
        fail(column, "unexpected " + cellText(std::string_view(q, 1)) + " after a closing quote");
    if (!endField(p, q, end, field.endsRecord))
        return false;
    newlines += seen;
    field.text = m_scratch;
    return true;
}

bool CsvReader::skipBlankLine(const char *&p, const char *end, Step &step)
{
    if (*p != '\n' && *p != '\r')
        return false;
    bool endsRecord = false;
    if (!endField(p, p, end, endsRecord)) {
        step = Step::NeedMore;
        return true;
    }
    ++m_line;
    step = Step::Done;
    return true;
}

CsvReader::Step CsvReader::parseHeader(const char *&pos, const char *end)
{
    const char *p = pos;
    Step step;
    if (skipBlankLine(p, end, step)) {
        if (step == Step::Done)
            pos = p;
        return step;
    }
    std::vector<std::string> names;
    int newlines = 0;
    for (Field field; !field.endsRecord;) {
        if (!scanField(p, end, int(names.size()), field, newlines))
            return Step::NeedMore;
        if (const auto bad = invalidUtf8At(field.text); bad != std::string_view::npos)
            fail(int(names.size()), "invalid UTF-8 in the column name (byte "
                                        + std::to_string(bad + 1) + " of the cell)");
        names.emplace_back(field.text);
    }
    m_columns = std::move(names);
    if (m_columns.size() < 2)
        failLine("the header has one column; a table needs feature columns and a label column");
    if (m_labelColumn.empty()) {
        m_labelIndex = int(m_columns.size()) - 1;
    } else {
        const auto found = std::find(m_columns.begin(), m_columns.end(), m_labelColumn);
        if (found == m_columns.end()) {
            std::string list;
            for (const auto &name : m_columns)
                list += (list.empty() ? "'" : ", '") + name + "'";
            throw Error(m_name + ": no column named '" + m_labelColumn + "' for the labels; the"
                        + " columns are " + list);
        }
        m_labelIndex = int(found - m_columns.begin());
    }
    if (m_state.empty()) { // the first read; a re-read keeps what the cells taught
        m_state.resize(m_columns.size());
        for (const auto &[name, type] : m_types) {
            const auto found = std::find(m_columns.begin(), m_columns.end(), name);
            if (found == m_columns.end())
                throw Error(m_name + ": no column named '" + name + "' to set the type of");
            if (found - m_columns.begin() == m_labelIndex)
                throw Error(m_name + ": '" + name + "' is the label column; its type is not set");
            m_state[size_t(found - m_columns.begin())].type = type;
            m_state[size_t(found - m_columns.begin())].forced = true;
        }
    }
    m_stored.clear();
    for (int i = 0; i < int(m_columns.size()); ++i)
        if (i != m_labelIndex && m_state[size_t(i)].type != ColumnType::Ignore)
            m_stored.push_back(i);
    m_row.resize(m_stored.size());
    m_line += 1 + newlines;
    pos = p;
    return Step::Done;
}

bool CsvReader::isMissing(std::string_view cell) const
{
    return cell.size() <= m_longestMarker && isMissingMarker(cell, m_missing);
}

float CsvReader::numberCell(std::string_view cell, int column)
{
    std::string_view number = cell;
    if (m_decimal == ',' && number.find(',') != std::string_view::npos) {
        m_number.assign(number);
        std::replace(m_number.begin(), m_number.end(), ',', '.');
        number = m_number;
    }
    if (number.size() > 1 && number.front() == '+')
        number.remove_prefix(1);
    float value = 0;
    const auto [stop, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (stop == number.data() + number.size() && error == std::errc::result_out_of_range)
        fail(column, cellText(cell) + " is outside the float32 range");
    if (stop == number.data() + number.size() && error == std::errc() && !std::isfinite(value))
        fail(column, cellText(cell) + " is not a finite number");
    if (stop == number.data() + number.size() && error == std::errc())
        return value;
    ColumnState &state = m_state[size_t(column)];
    if (state.forced)
        fail(column, cellText(cell) + " is not a number");
    const auto date = parseDate(cell, DateOrder::Unknown);
    throw Retype{column, date ? ColumnType::Date : ColumnType::Categorical,
                 date ? date->order : DateOrder::Unknown};
}

// A cell as the number stored for it (see ColumnType); a cell that does not fit an inferred type
// throws Retype.
float CsvReader::cellValue(std::string_view text, int column)
{
    ColumnState &state = m_state[size_t(column)];
    const std::string_view cell = trimmed(text);
    if (isMissing(cell))
        return kMissing;
    if (const auto bad = invalidUtf8At(text); bad != std::string_view::npos)
        fail(column, "invalid UTF-8 (byte " + std::to_string(bad + 1) + " of the cell)");
    switch (state.type) {
    case ColumnType::Numeric:
        return numberCell(cell, column);
    case ColumnType::Date: {
        const auto date = parseDate(cell, state.order);
        if (!date && state.forced)
            fail(column, cellText(cell)
                             + " is not a date (expected 2012-01-31, 31/01/2012 or "
                               "01/31/2012, optionally with a time)");
        if (!date)
            throw Retype{column, ColumnType::Categorical, DateOrder::Unknown};
        if (state.order == DateOrder::Unknown && date->order == DateOrder::DayFirst)
            throw Retype{column, ColumnType::Date, DateOrder::DayFirst}; // earlier cells: M/D
        if (state.order == DateOrder::Unknown)
            state.order = date->order;
        return float(date->days);
    }
    default: {
        const int64_t id = state.texts.find(cell);
        return float(id >= 0 ? id : state.texts.add(cell));
    }
    }
}

int64_t CsvReader::labelId(std::string_view text, int column)
{
    const int64_t id = m_labelTable.find(text);
    if (id >= 0)
        return id;
    if (isMissing(trimmed(text)))
        return -1;
    if (const auto bad = invalidUtf8At(text); bad != std::string_view::npos)
        fail(column, "invalid UTF-8 (byte " + std::to_string(bad + 1) + " of the cell)");
    return m_labelTable.add(text);
}

// Field counts in a record with a bad cell, so that a ragged row is reported as ragged rather
// than as whatever its shifted cells look like. -1 when the record cannot be counted.
int CsvReader::countFields(const char *p, const char *end)
{
    try {
        int count = 0, newlines = 0;
        for (Field field; !field.endsRecord; ++count) {
            if (!scanField(p, end, count, field, newlines))
                return -1;
        }
        return count;
    } catch (const Error &) {
        return -1;
    }
}

CsvReader::Step CsvReader::parseRecord(const char *&pos, const char *end)
{
    const char *p = pos;
    Step step;
    if (skipBlankLine(p, end, step)) {
        if (step == Step::Done)
            pos = p;
        return step;
    }
    try {
        step = parseFields(p, end);
    } catch (const Error &) {
        const int count = countFields(pos, end);
        if (count >= 0 && count != int(m_columns.size()))
            failRagged(count);
        throw;
    }
    if (step == Step::Done)
        pos = p;
    return step;
}

CsvReader::Step CsvReader::parseFields(const char *&p, const char *end)
{
    const int columns = int(m_columns.size());
    int newlines = 0;
    int64_t label = -1;
    float *row = m_row.data();
    Field field;
    for (int column = 0; column < columns; ++column) {
        if (field.endsRecord)
            failRagged(column);
        const ColumnType type = m_state[size_t(column)].type;
        if (column == m_labelIndex || type == ColumnType::Ignore) {
            if (!scanField(p, end, column, field, newlines))
                return Step::NeedMore;
            if (column == m_labelIndex)
                label = labelId(field.text, column);
            continue;
        }
        // The fast path: an unquoted number followed directly by its terminator.
        if (type == ColumnType::Numeric && m_decimal == '.' && p < end && *p != '"') {
            float value;
            const char *stop = nullptr;
            if (!shortDecimal(p, end, value, stop)) {
                const auto [after, error] = std::from_chars(p, end, value);
                if (error == std::errc() && std::isfinite(value))
                    stop = after;
            }
            if (stop && stop < end && (*stop == m_delimiter || *stop == '\n' || *stop == '\r')) {
                if (!endField(p, stop, end, field.endsRecord))
                    return Step::NeedMore;
                *row++ = value;
                continue;
            }
        }
        if (!scanField(p, end, column, field, newlines))
            return Step::NeedMore;
        *row++ = cellValue(field.text, column);
    }
    if (!field.endsRecord) {
        int count = columns;
        while (!field.endsRecord) {
            if (!scanField(p, end, count, field, newlines))
                return Step::NeedMore;
            ++count;
        }
        failRagged(count);
    }
    m_line += 1 + newlines;
    if (label < 0) {
        ++m_unlabelled;
        return Step::Done;
    }
    m_values.insert(m_values.end(), m_row.begin(), m_row.end());
    m_labels.push_back(label);
    return Step::Done;
}

// Sized from the first chunk so that the arrays grow once, not by doubling through the file.
void CsvReader::reserveRows()
{
    if (m_labels.empty() || m_bytesRead == 0)
        return;
    const double bytesPerRow = double(m_bytesRead - (m_end - m_begin)) / double(m_labels.size());
    const auto rows = std::size_t(double(m_fileSize) / std::max(bytesPerRow, 1.0) * 1.05) + 16;
    m_labels.reserve(rows);
    m_values.reserve(rows * m_row.size());
}

DatasetContent CsvReader::read()
{
    m_file = std::make_unique<GzipFile>(m_path);
    // The compressed size for a .csv.gz: the row estimate is low, and the arrays grow.
    m_fileSize = m_file->fileSize();
    m_buffer.resize(chunkBytes);
    for (;;) {
        try {
            readAll();
            return finish();
        } catch (const Retype &retype) {
            restart(retype);
        }
    }
}

void CsvReader::restart(const Retype &retype)
{
    ColumnState &state = m_state[size_t(retype.column)];
    state.type = retype.type;
    state.order = retype.order;
    if (++state.retypes > 3) // cannot happen: each retype moves down numeric, date, categorical
        fail(retype.column, "the column's type cannot be told");
    for (auto &column : m_state)
        column.texts = LabelTable();
    m_labelTable = LabelTable();
    m_values.clear();
    m_labels.clear();
    m_unlabelled = 0;
    m_columns.clear();
    m_line = 1;
    m_begin = m_end = 0;
    m_bytesRead = 0;
    m_eof = false;
    m_file->rewind();
}

// The delimiter the header uses most of ',', ';', tab and '|' (a comma when none appears).
void CsvReader::sniffDelimiter()
{
    if (m_delimiter)
        return;
    const char *p = m_buffer.data() + m_begin;
    const char *end = m_buffer.data() + m_end;
    std::map<char, int> counts{{',', 0}, {';', 0}, {'\t', 0}, {'|', 0}};
    bool quoted = false;
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); ++p) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && counts.count(*p))
            ++counts[*p];
    }
    m_delimiter = ',';
    for (const char candidate : {';', '\t', '|'})
        if (counts[candidate] > counts[m_delimiter])
            m_delimiter = candidate;
}

void CsvReader::readAll()
{
    refill();
    if (m_end == 0)
        throw Error(m_name + ": the file is empty; expected a header line and data rows");
    if (m_end >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0)
        m_begin = 3; // the byte-order mark some spreadsheet programs write
    sniffDelimiter();
    for (bool first = true;; first = false) {
        const char *p = m_buffer.data() + m_begin;
        const char *end = m_buffer.data() + m_end;
        while (p < end) {
            const Step step = m_columns.empty() ? parseHeader(p, end) : parseRecord(p, end);
            if (step == Step::NeedMore)
                break;
        }
        m_begin = std::size_t(p - m_buffer.data());
        if (m_eof)
            break;
        if (first)
            reserveRows();
        m_ctx.throwIfCancelled();
        m_ctx.progress(double(m_file->fileOffset())
                           / double(std::max<std::uintmax_t>(m_fileSize, 1)),
                       "reading " + m_name);
        refill();
    }
    if (m_columns.empty())
        throw Error(m_name + ": the file is empty; expected a header line and data rows");
    if (m_labels.empty() && m_unlabelled > 0)
        throw Error(m_name + ": every row's label ('" + m_columns[size_t(m_labelIndex)]
                    + "') is missing");
    if (m_labels.empty())
        failLine("no data rows after the header");
}

// The label text as a number (with the file's decimal mark), when it is one.
std::optional<double> labelNumber(std::string_view text, char decimal)
{
    std::string number(trimmed(text));
    if (decimal == ',')
        std::replace(number.begin(), number.end(), ',', '.');
    if (number.size() > 1 && number.front() == '+')
        number.erase(0, 1);
    double value = 0;
    const auto [stop, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || stop != number.data() + number.size() || error != std::errc()
        || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// Classes, or regression targets when the task says so or, unset, when the label is a number
// with fractions or with more than 30 distinct values (ages, prices, measurements).
void CsvReader::setLabels(DatasetContent &content)
{
    const std::string &label = m_columns[size_t(m_labelIndex)];
    content.labelName = label;
    std::vector<double> numbers;
    bool fractions = false;
    for (size_t id = 0; id < m_labelTable.size(); ++id) {
        const auto number = labelNumber(m_labelTable.text(id), m_decimal);
        if (!number) {
            if (m_task == Task::Regression)
                throw Error(m_name + ": the label column '" + label + "' holds "
                            + cellText(m_labelTable.text(id))
                            + ", which is not a number; regression needs numeric labels");
            numbers.clear();
            break;
        }
        fractions = fractions || std::floor(*number) != *number;
        numbers.push_back(*number);
    }
    const bool numeric = numbers.size() == m_labelTable.size();
    const bool regression =
        m_task ? *m_task == Task::Regression : numeric && (fractions || numbers.size() > 30);
    if (!regression) {
        content.classNames = m_labelTable.finish(m_labels);
        content.labels = std::move(m_labels);
        return;
    }
    content.task = Task::Regression;
    if (!m_task)
        content.notes.push_back("label '" + label + "' is a number with "
                                + std::to_string(numbers.size())
                                + " distinct values: a regression target (set the task to "
                                  "classification to make its values classes)");
    content.targets.reserve(m_labels.size());
    for (int64_t id : m_labels) {
        const double value = numbers[size_t(id)];
        if (std::abs(value) > double(std::numeric_limits<float>::max()))
            throw Error(m_name + ": the label " + cellText(m_labelTable.text(size_t(id)))
                        + " is outside the float32 range");
        content.targets.push_back(float(value));
    }
    m_labels.clear();
}

DatasetContent CsvReader::finish()
{
    DatasetContent content;
    content.kind = DatasetKind::Table;
    const size_t width = m_stored.size(), rows = m_labels.size();
    std::vector<size_t> kept;
    for (size_t k = 0; k < width; ++k) {
        ColumnState &state = m_state[size_t(m_stored[k])];
        const std::string &name = m_columns[size_t(m_stored[k])];
        ColumnInfo info{state.type, {}};
        if (state.type == ColumnType::Categorical || state.type == ColumnType::Text) {
            // Categories sorted (numerically when all are integers) so that the same data always
            // gets the same codes.
            std::vector<int64_t> codes(state.texts.size());
            std::iota(codes.begin(), codes.end(), 0);
            info.categories = state.texts.finish(codes);
            for (size_t r = 0; r < rows; ++r) {
                float &cell = m_values[r * width + k];
                if (!std::isnan(cell))
                    cell = float(codes[size_t(cell)]);
            }
        }
        int64_t missing = 0;
        float first = kMissing;
        bool constant = true;
        for (size_t r = 0; r < rows; ++r) {
            const float cell = m_values[r * width + k];
            if (std::isnan(cell))
                ++missing;
            else if (std::isnan(first))
                first = cell;
            else if (cell != first)
                constant = false;
        }
        const int64_t present = int64_t(rows) - missing;
        if (!state.forced && state.type == ColumnType::Categorical && info.categories.size() > 20
            && int64_t(info.categories.size()) * 2 > present)
            info.type = ColumnType::Text; // mostly distinct: names, IDs, free text
        if (present == 0) {
            content.notes.push_back("column '" + name + "' dropped: every cell is missing");
            continue;
        }
        if (constant && !state.forced && rows > 1) {
            content.notes.push_back("column '" + name + "' dropped: every cell is the same");
            continue;
        }
        kept.push_back(k);
        content.columnNames.push_back(name);
        content.columnInfo.push_back(std::move(info));
    }
    if (kept.empty())
        throw Error(m_name + ": no usable feature column (each is missing, constant or ignored)");
    if (kept.size() < width) {
        size_t out = 0;
        for (size_t r = 0; r < rows; ++r)
            for (size_t k : kept)
                m_values[out++] = m_values[r * width + k];
        m_values.resize(out);
    }
    if (m_unlabelled > 0)
        content.notes.push_back(std::to_string(m_unlabelled) + " rows left out: their label ('"
                                + m_columns[size_t(m_labelIndex)] + "') is missing");
    content.featureShape = {int64_t(kept.size())};
    setLabels(content);
    if (m_values.capacity() > m_values.size() + m_values.size() / 4)
        m_values.shrink_to_fit(); // a copy, so only when the first chunk misjudged the row size
    content.values = std::move(m_values);
    content.sourceFiles = {m_path.string()};
    m_ctx.progress(1.0, "read " + m_name);
    return content;
}

} // namespace

DatasetContent readCsv(const std::filesystem::path &file, const ImportOptions &options,
                       const JobContext &ctx)
{
    return CsvReader(file, options, ctx).read();
}

DatasetContent readCsv(const std::filesystem::path &file, const std::string &labelColumn,
                       const JobContext &ctx)
{
    ImportOptions options;
    options.labelColumn = labelColumn;
    return readCsv(file, options, ctx);
}

} // namespace dllab::datasets
