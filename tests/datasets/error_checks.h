#pragma once
// Checks of the errors engine code throws: the message a call's dllab::Error carries, and a test
// that it names what it should. For tests that link the engine (CLI tests read stderr instead).
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <string>

namespace dllab::test {

// The exception message of f(), or "" when it did not throw dllab::Error.
template <typename F> std::string errorOf(F &&f)
{
    try {
        f();
    } catch (const Cancelled &) {
        return "cancelled";
    } catch (const Error &error) {
        return error.what();
    }
    return "";
}

} // namespace dllab::test

// Expects `call` to throw dllab::Error with every one of the strings after it in its message.
#define EXPECT_ERROR_HAS(call, ...)                                                                \
    do {                                                                                           \
        const std::string message = ::dllab::test::errorOf([&] { (void)(call); });                 \
        ASSERT_FALSE(message.empty()) << "no error from " #call;                                   \
        for (const std::string part : {__VA_ARGS__})                                               \
            EXPECT_NE(message.find(part), std::string::npos)                                       \
                << "'" << part << "' missing in: " << message;                                     \
    } while (0)
