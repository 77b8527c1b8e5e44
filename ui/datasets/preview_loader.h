#pragma once
// Loads a version's preview off the GUI thread: QtConcurrent::run opens its own Workspace on a
// pool thread (a Workspace belongs to one thread), reads the version and makes PreviewData; a
// QFutureWatcher brings it back. Only the latest request is delivered: while one load runs, newer
// requests replace each other and the older results are dropped as stale. GUI thread only.
#include "ui/datasets/preview_data.h"

#include <QObject>

#include <filesystem>
#include <optional>

namespace dllab::ui {

class PreviewLoader : public QObject {
    Q_OBJECT
public:
    explicit PreviewLoader(QObject *parent = nullptr);

    void load(const std::filesystem::path &workspaceDir, const QString &ref);
    // Whatever is pending will not be delivered.
    void discard();
    // True from load() until its result is delivered (or discarded).
    bool isLoading() const { return m_wanted.has_value(); }

Q_SIGNALS:
    void loaded(const dllab::ui::PreviewData &preview);

private:
    struct Request {
        std::filesystem::path workspaceDir;
        QString ref;
        quint64 generation = 0;
    };
    void startNext();

    quint64 m_generation = 0;
    bool m_running = false;
    std::optional<Request> m_wanted; // the latest request, not yet delivered
};

} // namespace dllab::ui
