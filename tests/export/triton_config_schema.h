#pragma once
// Triton's ModelConfig (the fields dllab writes, with the field numbers and enum values of
// triton-inference-server's model_config.proto) as a runtime protobuf descriptor, so tests can
// read a config.pbtxt back with protobuf's own text-format parser, which refuses unknown fields
// and malformed text.
#include <google/protobuf/message.h>

#include <memory>
#include <string>

namespace dllab::test {

// The parsed message, or null with `error` set.
std::unique_ptr<google::protobuf::Message> parseTritonConfig(const std::string &text,
                                                             std::string &error);

} // namespace dllab::test
