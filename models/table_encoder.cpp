#include "table_encoder.h"

#include <cmath>

namespace dllab::models {

namespace {

constexpr double kDaysPerYear = 365.2425;

torch::Tensor longs(const std::vector<int64_t> &values)
{
    return torch::tensor(torch::ArrayRef<int64_t>(values), torch::kLong);
}

torch::Tensor floats(const std::vector<float> &values)
{
    return torch::tensor(torch::ArrayRef<float>(values), torch::kFloat);
}

} // namespace

TableEncoder::TableEncoder(const std::vector<InputColumn> &columns)
{
    std::vector<float> fill, scale, shift, limit, offset, yearScale, yearShift;
    std::vector<int64_t> numeric, categorical, dates;
    for (size_t c = 0; c < columns.size(); ++c) {
        const InputColumn &column = columns[c];
        fill.push_back(float(column.fill));
        const double sd = column.std > 1e-8 ? column.std : 1.0; // a constant: centred only
        switch (column.type) {
        case datasets::ColumnType::Numeric:
            numeric.push_back(int64_t(c));
            scale.push_back(float(1.0 / sd));
            shift.push_back(float(-column.mean / sd));
            break;
        case datasets::ColumnType::Categorical:
            categorical.push_back(int64_t(c));
            limit.push_back(float(column.categories));
            offset.push_back(float(m_oneHotWidth));
            m_oneHotWidth += column.width();
            break;
        case datasets::ColumnType::Date:
            dates.push_back(int64_t(c));
            yearScale.push_back(float(1.0 / sd));
            yearShift.push_back(float(-column.mean / sd));
            break;
        default:
            break; // text: kept in the data, not a feature
        }
    }
    m_fill = floats(fill);
    m_numeric = longs(numeric);
    m_scale = floats(scale);
    m_shift = floats(shift);
    m_categorical = longs(categorical);
    m_limit = floats(limit);
    m_offset = floats(offset);
    m_dates = longs(dates);
    m_yearScale = floats(yearScale);
    m_yearShift = floats(yearShift);
}

void TableEncoder::moveTo(const torch::Device &device)
{
    for (torch::Tensor *t : {&m_fill, &m_numeric, &m_scale, &m_shift, &m_categorical, &m_limit,
                             &m_offset, &m_dates, &m_yearScale, &m_yearShift})
        *t = t->to(device);
}

torch::Tensor TableEncoder::encode(const torch::Tensor &raw)
{
    if (m_fill.device() != raw.device())
        moveTo(raw.device());
    std::vector<torch::Tensor> parts;
    const torch::Tensor filled = torch::where(torch::isnan(raw), m_fill, raw);
    if (m_numeric.numel() > 0)
        parts.push_back(torch::addcmul(m_shift, filled.index_select(1, m_numeric), m_scale));
    if (m_categorical.numel() > 0) {
        // A missing, negative or unseen code goes to the column's last slot.
        torch::Tensor codes = raw.index_select(1, m_categorical);
        const torch::Tensor known = (codes >= 0).logical_and(codes < m_limit);
        codes = torch::where(known, codes.floor(), m_limit) + m_offset;
        parts.push_back(torch::zeros({raw.size(0), m_oneHotWidth}, raw.options())
                            .scatter_(1, codes.to(torch::kLong), 1.0));
    }
    if (m_dates.numel() > 0) {
        const torch::Tensor days = filled.index_select(1, m_dates);
        const torch::Tensor years = days / kDaysPerYear;
        const torch::Tensor season = (years - years.floor()) * (2 * M_PI);
        const torch::Tensor weekday = torch::remainder(days.floor() + 3, 7) * (2 * M_PI / 7);
        parts.push_back(torch::addcmul(m_yearShift, years + 1970, m_yearScale));
        parts.push_back(season.sin());
        parts.push_back(season.cos());
        parts.push_back(weekday.sin());
        parts.push_back(weekday.cos());
    }
    return torch::cat(parts, 1);
}

} // namespace dllab::models
