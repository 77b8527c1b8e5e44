#include "date_text.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace dllab::datasets {

namespace {

// Reads 1..maxDigits digits at p; advances p.
bool digits(std::string_view text, size_t &p, int minDigits, int maxDigits, int &value)
{
    value = 0;
    const size_t start = p;
    while (p < text.size() && p - start < size_t(maxDigits) && unsigned(text[p] - '0') < 10)
        value = value * 10 + (text[p++] - '0');
    return p - start >= size_t(minDigits);
}

bool validDay(int year, int month, int day)
{
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1)
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= lengths[month - 1] + (month == 2 && leap ? 1 : 0);
}

// "[T ]HH:MM[:SS[.fff]][Z]" after a date, as a fraction of a day; false when malformed.
bool timeOfDay(std::string_view text, size_t p, double &fraction)
{
    fraction = 0;
    if (p == text.size())
        return true;
    if (text[p] != 'T' && text[p] != ' ')
        return false;
    ++p;
    int hours = 0, minutes = 0, seconds = 0;
    if (!digits(text, p, 2, 2, hours) || p >= text.size() || text[p++] != ':'
        || !digits(text, p, 2, 2, minutes))
        return false;
    double fractionOfSecond = 0;
    if (p < text.size() && text[p] == ':') {
        ++p;
        if (!digits(text, p, 2, 2, seconds))
            return false;
        if (p < text.size() && text[p] == '.') {
            double scale = 0.1;
            for (++p; p < text.size() && unsigned(text[p] - '0') < 10; ++p, scale /= 10)
                fractionOfSecond += (text[p] - '0') * scale;
        }
    }
    if (p < text.size() && text[p] == 'Z')
        ++p;
    if (p != text.size() || hours > 23 || minutes > 59 || seconds > 60)
        return false;
    fraction = (hours * 3600.0 + minutes * 60.0 + seconds + fractionOfSecond) / 86400.0;
    return true;
}

} // namespace

int64_t daysFromCivil(int64_t year, int month, int day)
{
    // Howard Hinnant's days_from_civil: eras of 400 years, March-based years.
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t yearOfEra = year - era * 400;
    const int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

std::optional<DateCell> parseDate(std::string_view text, DateOrder order)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    size_t p = 0;
    int first = 0, second = 0, third = 0;
    if (!digits(text, p, 1, 4, first) || p >= text.size())
        return std::nullopt;
    const char separator = text[p];
    if (separator != '-' && separator != '/' && separator != '.')
        return std::nullopt;
    const bool iso = p == 4;
    ++p;
    if (!digits(text, p, 1, 2, second) || p >= text.size() || text[p++] != separator)
        return std::nullopt;
    if (!digits(text, p, iso ? 1 : 4, iso ? 2 : 4, third))
        return std::nullopt;
    int year = 0, month = 0, day = 0;
    DateCell cell;
    if (iso) {
        if (separator == '.')
            return std::nullopt;
        year = first, month = second, day = third;
    } else {
        year = third;
        if (first > 12 && second <= 12)
            cell.order = DateOrder::DayFirst;
        else if (second > 12 && first <= 12)
            cell.order = DateOrder::MonthFirst;
        const DateOrder used = cell.order != DateOrder::Unknown ? cell.order : order;
        if (order != DateOrder::Unknown && cell.order != DateOrder::Unknown && cell.order != order)
            return std::nullopt; // 31/01 in a column read month first, or the other way round
        month = used == DateOrder::DayFirst ? second : first;
        day = used == DateOrder::DayFirst ? first : second;
    }
    double fraction = 0;
    if (!validDay(year, month, day) || !timeOfDay(text, p, fraction))
        return std::nullopt;
    cell.days = double(daysFromCivil(year, month, day)) + fraction;
    return cell;
}

std::string dateText(double days)
{
    const auto whole = int64_t(std::floor(days));
    // civil_from_days, the inverse of daysFromCivil.
    const int64_t z = whole + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t dayOfEra = z - era * 146097;
    const int64_t yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int64_t mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int64_t year = yearOfEra + era * 400 + (month <= 2);
    char buffer[40];
    const int seconds = int(std::lround((days - double(whole)) * 86400.0));
    if (seconds == 0 || seconds >= 86400)
        std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", (long long)year, month, day);
    else
        std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d %02d:%02d", (long long)year, month,
                      day, seconds / 3600, seconds / 60 % 60);
    return buffer;
}

} // namespace dllab::datasets
