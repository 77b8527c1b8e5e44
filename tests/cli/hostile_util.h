#pragma once
// What the bad-input CLI tests share: a workspace with iris imported and a tiny run trained on
// it, and checks that an error is ours (names what was wrong, no library text).
#include "../cli_process.h"
#include "../datasets/test_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dllab::test {

inline CliResult cli(const std::filesystem::path &ws, const std::vector<std::string> &args)
{
    return runCli(ws, args);
}

// Imports iris as "iris" into ws; returns nothing, fails the test on error.
inline void importIris(const std::filesystem::path &ws)
{
    const CliResult r =
        cli(ws, {"dataset", "import", (sharedData() / "iris.csv").string(), "--name", "iris"});
    ASSERT_EQ(r.status, 0) << r.err;
}

// A small MLP trained on iris for `epochs` epochs; returns the run id as text.
inline std::string trainIris(const std::filesystem::path &ws, int epochs = 1,
                             std::vector<std::string> extra = {})
{
    std::vector<std::string> args{"train",
                                  "--dataset",
                                  "iris",
                                  "--model",
                                  "mlp",
                                  "--set",
                                  "model.hidden=[8]",
                                  "--epochs",
                                  std::to_string(epochs),
                                  "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = cli(ws, args);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? r.document()["run"].dump() : std::string("0");
}

// The error is one line of ours: "error: ..." holding every piece of `expected`, and none of the
// library texts that must never reach a user.
inline void expectOurError(const CliResult &r, const std::vector<std::string> &expected)
{
    EXPECT_NE(r.status, 0) << r.out;
    // Progress lines may come first; the error is the last line.
    const std::string text = r.err.substr(0, r.err.find_last_not_of('\n') + 1);
    const size_t lastLine = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    EXPECT_EQ(text.compare(lastLine, 7, "error: "), 0) << r.err;
    for (const auto &piece : expected)
        EXPECT_NE(r.err.find(piece), std::string::npos)
            << "missing \"" << piece << "\" in " << r.err;
    for (const char *library :
         {"json.exception", "stoul", "basic_filebuf", "bad_alloc", "_M_default_append",
          "DefaultCPUAllocator", "HDF5", "filesystem error", "()"})
        EXPECT_EQ(r.err.find(library), std::string::npos) << "library text in: " << r.err;
}

// `depth` nested openers, a value, and the closers: {"a":{"a":...1...}}.
inline std::string nested(int depth, char open, const std::string &inner)
{
    std::string text;
    text.reserve(size_t(depth) * 6 + inner.size());
    for (int i = 0; i < depth; ++i)
        text += open == '{' ? std::string("{\"a\":") : std::string("[");
    text += inner;
    text.append(size_t(depth), open == '{' ? '}' : ']');
    return text;
}

} // namespace dllab::test
