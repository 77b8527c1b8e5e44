#pragma once
// The JSON columns of the workspace catalog (specs, summaries, owners, metas), as the run and
// sweep stores read them. No torch; any thread.
#include "workspace/error.h"
#include "workspace/json_text.h"

#include <nlohmann/json.hpp>

#include <string>

namespace dllab::training {

// `text` parsed, or `fallback` when it is not JSON (an empty or damaged column reads as the
// fallback rather than failing the whole row).
inline nlohmann::json parseOr(const std::string &text, nlohmann::json fallback)
{
    try {
        return parseJsonIfValid(text, "a catalog column").value_or(std::move(fallback));
    } catch (const Error &) {
        return fallback; // nested too deep: damaged
    }
}

} // namespace dllab::training
