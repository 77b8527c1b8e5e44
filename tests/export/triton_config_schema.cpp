#include "triton_config_schema.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

namespace dllab::test {

namespace {

// A subset of nvidia.inferenceserver's model_config.proto, written as a FileDescriptorProto.
constexpr const char *kSchema = R"pb(
name: "model_config_subset.proto"
package: "inference"
syntax: "proto3"
enum_type {
  name: "DataType"
  value { name: "TYPE_INVALID" number: 0 }
  value { name: "TYPE_BOOL" number: 1 }
  value { name: "TYPE_UINT8" number: 2 }
  value { name: "TYPE_INT32" number: 8 }
  value { name: "TYPE_INT64" number: 9 }
  value { name: "TYPE_FP16" number: 10 }
  value { name: "TYPE_FP32" number: 11 }
  value { name: "TYPE_FP64" number: 12 }
  value { name: "TYPE_STRING" number: 13 }
}
message_type {
  name: "ModelInput"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "data_type" number: 2 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".inference.DataType" }
  field { name: "dims" number: 4 label: LABEL_REPEATED type: TYPE_INT64 }
}
message_type {
  name: "ModelOutput"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "data_type" number: 2 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".inference.DataType" }
  field { name: "dims" number: 3 label: LABEL_REPEATED type: TYPE_INT64 }
  field { name: "label_filename" number: 4 label: LABEL_OPTIONAL type: TYPE_STRING }
}
message_type {
  name: "ModelConfig"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "platform" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "max_batch_size" number: 4 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "input" number: 5 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".inference.ModelInput" }
  field { name: "output" number: 6 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".inference.ModelOutput" }
  field { name: "backend" number: 17 label: LABEL_OPTIONAL type: TYPE_STRING }
}
)pb";

class ErrorCollector : public google::protobuf::io::ErrorCollector {
public:
    void AddError(int line, int column, const std::string &message) override
    {
        text += "line " + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": "
                + message + "\n";
    }
    std::string text;
};

struct Schema {
    google::protobuf::DescriptorPool pool;
    google::protobuf::DynamicMessageFactory factory{&pool};
    const google::protobuf::Descriptor *config = nullptr;

    Schema()
    {
        google::protobuf::FileDescriptorProto file;
        if (!google::protobuf::TextFormat::ParseFromString(kSchema, &file))
            throw std::runtime_error("bad Triton schema text");
        if (!pool.BuildFile(file))
            throw std::runtime_error("bad Triton schema");
        config = pool.FindMessageTypeByName("inference.ModelConfig");
    }
};

} // namespace

std::unique_ptr<google::protobuf::Message> parseTritonConfig(const std::string &text,
                                                             std::string &error)
{
    static Schema schema;
    std::unique_ptr<google::protobuf::Message> message(
        schema.factory.GetPrototype(schema.config)->New());
    google::protobuf::TextFormat::Parser parser;
    ErrorCollector errors;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(text, message.get())) {
        error = errors.text.empty() ? "parse failed" : errors.text;
        return nullptr;
    }
    return message;
}

} // namespace dllab::test
