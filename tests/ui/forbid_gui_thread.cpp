// Linked into every GUI test: the thread that runs main() (the QApplication's) may not use the
// workspace (DESIGN.md §3); a test that reads the store to check the GUI's work holds a
// workspace::Database::ThreadPermit while it does.
#include "workspace/database.h"

namespace {

const bool g_forbidden = [] {
    dllab::workspace::Database::forbidThread(std::this_thread::get_id());
    return true;
}();

} // namespace
