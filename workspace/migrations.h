#pragma once
// The workspace schema, as forward-only migrations. Migration i (1-based) takes a database from
// user_version i-1 to i. Append new ones; never edit a released one.
#include <span>
#include <string_view>

namespace dllab::workspace {

std::span<const std::string_view> migrations();
inline int latestSchemaVersion() { return int(migrations().size()); }

} // namespace dllab::workspace
