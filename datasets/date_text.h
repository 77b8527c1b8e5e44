#pragma once
// Dates in table cells: ISO 8601 (2012-01-31, 2012-01-31T08:15[:30][Z], 2012/01/31) and the
// common day/month forms (31/01/2012, 01/31/2012, 31.01.2012, 31-01-2012). Stored as days since
// 1970-01-01, UTC, with the time of day as a fraction. Any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dllab::datasets {

// The mean Gregorian year: models read the time of year from days with it (table_encoder.h).
inline constexpr double kDaysPerYear = 365.2425;

// Which of the two numbers before the year is the month in a D/M/Y or M/D/Y cell. ISO cells
// say so themselves. A column starts Unknown: the first cell that decides sets it.
enum class DateOrder { Unknown, MonthFirst, DayFirst };

struct DateCell {
    double days = 0;
    // What the cell says about the order: Unknown for ISO cells and for cells whose two first
    // numbers are both at most 12 (read month first, as the US forms do).
    DateOrder order = DateOrder::Unknown;
};

// The cell as a date, read with `order` where it is ambiguous; nullopt when it is not a date.
std::optional<DateCell> parseDate(std::string_view text, DateOrder order);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t daysFromCivil(int64_t year, int month, int day);

// "2012-01-31" (or with the time when the fraction is not 0).
std::string dateText(double days);

} // namespace dllab::datasets
