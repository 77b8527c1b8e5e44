#pragma once
// The JSON columns of the workspace catalog (specs, summaries, owners, metas), as the run and
// sweep stores read them. No torch; any thread.
#include <nlohmann/json.hpp>

#include <string>

namespace dllab::training {

// `text` parsed, or `fallback` when it is not JSON (an empty or damaged column reads as the
// fallback rather than failing the whole row).
inline nlohmann::json parseOr(const std::string &text, nlohmann::json fallback)
{
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    return value.is_discarded() ? fallback : value;
}

} // namespace dllab::training
