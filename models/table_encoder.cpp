#include "table_encoder.h"

#include "datasets/date_text.h"

#include <cmath>

namespace dllab::models {

namespace {

torch::Tensor row(const std::vector<float> &values)
{
    return torch::tensor(torch::ArrayRef<float>(values), torch::kFloat).reshape({1, -1});
}

} // namespace

TableEncoder::TableEncoder(const std::vector<InputColumn> &columns)
{
    const auto width = int64_t(columns.size());
    std::vector<float> fill;
    std::vector<int64_t> numeric, dates, categorical; // column of each output
    std::vector<float> numScale, numShift, catValue, catOther, yearScale, yearShift;
    std::vector<int64_t> otherSlot; // per categorical output: its column's missing/unseen slot
    for (int64_t c = 0; c < width; ++c) {
        const InputColumn &column = columns[size_t(c)];
        const double sd = column.std > 1e-8 ? column.std : 1.0; // a constant: centred only
        // A missing category becomes -1, which no slot but the last matches.
        fill.push_back(column.type == datasets::ColumnType::Categorical ? -1.0f
                                                                        : float(column.fill));
        switch (column.type) {
        case datasets::ColumnType::Numeric:
            numeric.push_back(c);
            numScale.push_back(float(1.0 / sd));
            numShift.push_back(float(-column.mean / sd));
            break;
        case datasets::ColumnType::Categorical: {
            const auto other = int64_t(categorical.size() + column.categories.size());
            for (size_t k = 0; k <= column.categories.size(); ++k) {
                categorical.push_back(c);
                const bool last = k == column.categories.size();
                catValue.push_back(last ? NAN : float(k)); // NaN equals nothing
                catOther.push_back(last ? 1.0f : 0.0f);
                otherSlot.push_back(other);
            }
            break;
        }
        case datasets::ColumnType::Date:
            dates.push_back(c);
            yearScale.push_back(float(1.0 / sd));
            // (years + 1970 - mean) / sd as one affine map of years.
            yearShift.push_back(float((1970.0 - column.mean) / sd));
            break;
        default:
            break; // text: kept in the data, not a feature
        }
    }
    const auto selection = [&](const std::vector<int64_t> &picked) {
        torch::Tensor s = torch::zeros({width, int64_t(picked.size())});
        for (size_t j = 0; j < picked.size(); ++j)
            s[picked[j]][int64_t(j)] = 1.0f;
        return s;
    };
    m_constants.emplace_back("enc_fill", row(fill));
    if ((m_numeric = !numeric.empty())) {
        m_constants.emplace_back("enc_num_select", selection(numeric));
        m_constants.emplace_back("enc_num_scale", row(numScale));
        m_constants.emplace_back("enc_num_shift", row(numShift));
    }
    if ((m_categorical = !categorical.empty())) {
        const auto slots = int64_t(categorical.size());
        torch::Tensor group = torch::zeros({slots, slots});
        for (int64_t j = 0; j < slots; ++j)
            if (catOther[size_t(j)] == 0.0f)
                group[j][otherSlot[size_t(j)]] = 1.0f;
        m_constants.emplace_back("enc_cat_select", selection(categorical));
        m_constants.emplace_back("enc_cat_value", row(catValue));
        m_constants.emplace_back("enc_cat_ones", torch::ones({1, slots}));
        m_constants.emplace_back("enc_cat_other", row(catOther));
        m_constants.emplace_back("enc_cat_group", group);
    }
    if ((m_dates = !dates.empty())) {
        const auto n = int64_t(dates.size());
        const auto filled = [&](double value) { return torch::full({1, n}, float(value)); };
        m_constants.emplace_back("enc_date_select", selection(dates));
        m_constants.emplace_back("enc_year_scale", row(yearScale));
        m_constants.emplace_back("enc_year_shift", row(yearShift));
        m_constants.emplace_back("enc_per_year", filled(1.0 / datasets::kDaysPerYear));
        m_constants.emplace_back("enc_zero", filled(0.0));
        m_constants.emplace_back("enc_one", filled(1.0));
        m_constants.emplace_back("enc_three", filled(3.0));
        m_constants.emplace_back("enc_seven", filled(7.0));
        m_constants.emplace_back("enc_turn", filled(2 * M_PI));
        m_constants.emplace_back("enc_turn_week", filled(2 * M_PI / 7));
    }
}

std::vector<std::pair<std::string, torch::Tensor>> TableEncoder::constants() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto &[name, tensor] : m_constants)
        out.emplace_back(name, tensor.cpu());
    return out;
}

torch::Tensor &TableEncoder::constant(const std::string &name)
{
    for (auto &[key, tensor] : m_constants)
        if (key == name)
            return tensor;
    throw std::logic_error("no encoder constant " + name);
}

// Op for op what export/graph_builder.cpp writes for the encoder.
torch::Tensor TableEncoder::encode(const torch::Tensor &raw)
{
    if (m_constants.front().second.device() != raw.device())
        for (auto &entry : m_constants)
            entry.second = entry.second.to(raw.device());
    const auto c = [&](const char *name) -> const torch::Tensor & { return constant(name); };
    const torch::Tensor filled = torch::where(torch::isnan(raw), c("enc_fill"), raw);
    std::vector<torch::Tensor> parts;
    if (m_numeric)
        parts.push_back(torch::addcmul(c("enc_num_shift"), filled.matmul(c("enc_num_select")),
                                       c("enc_num_scale")));
    if (m_categorical) {
        const torch::Tensor hot =
            torch::eq(filled.matmul(c("enc_cat_select")), c("enc_cat_value")).to(torch::kFloat);
        const torch::Tensor withOther = torch::addcmul(c("enc_cat_other"), hot, c("enc_cat_ones"));
        parts.push_back(torch::sub(withOther, hot.matmul(c("enc_cat_group"))));
    }
    if (m_dates) {
        const torch::Tensor days = filled.matmul(c("enc_date_select"));
        const torch::Tensor years = torch::addcmul(c("enc_zero"), days, c("enc_per_year"));
        const torch::Tensor season =
            torch::addcmul(c("enc_zero"), torch::sub(years, torch::floor(years)), c("enc_turn"));
        const torch::Tensor weekday = torch::addcmul(
            c("enc_zero"),
            torch::fmod(torch::addcmul(c("enc_three"), torch::floor(days), c("enc_one")),
                        c("enc_seven")),
            c("enc_turn_week"));
        parts.push_back(torch::addcmul(c("enc_year_shift"), years, c("enc_year_scale")));
        parts.push_back(torch::sin(season));
        parts.push_back(torch::cos(season));
        parts.push_back(torch::sin(weekday));
        parts.push_back(torch::cos(weekday));
    }
    return torch::cat(parts, 1);
}

} // namespace dllab::models
