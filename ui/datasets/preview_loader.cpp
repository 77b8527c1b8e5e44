#include "ui/datasets/preview_loader.h"

#include "datasets/dataset_store.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace dllab::ui {

namespace {

// Runs on a pool thread.
PreviewData loadPreview(const std::filesystem::path &workspaceDir, const QString &ref)
{
    PreviewData preview;
    try {
        workspace::Workspace workspace(workspaceDir);
        datasets::DatasetStore store(workspace);
        preview = makePreview(store.load(ref.toStdString()));
    } catch (const std::exception &e) {
        preview = {};
        preview.error = QString::fromUtf8(e.what());
    }
    preview.ref = ref;
    return preview;
}

} // namespace

PreviewLoader::PreviewLoader(QObject *parent) : QObject(parent) {}

void PreviewLoader::load(const std::filesystem::path &workspaceDir, const QString &ref)
{
    m_wanted = Request{workspaceDir, ref, ++m_generation};
    if (!m_running)
        startNext();
}

void PreviewLoader::discard()
{
    ++m_generation;
    m_wanted.reset();
}

void PreviewLoader::startNext()
{
    if (!m_wanted)
        return;
    const Request request = *m_wanted;
    m_running = true;
    auto *watcher = new QFutureWatcher<PreviewData>(this);
    connect(watcher, &QFutureWatcher<PreviewData>::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        m_running = false;
        if (m_wanted && m_wanted->generation == request.generation) {
            m_wanted.reset();
            Q_EMIT loaded(watcher->result());
            return;
        }
        startNext(); // the selection moved on while this one loaded: load the latest
    });
    watcher->setFuture(QtConcurrent::run(loadPreview, request.workspaceDir, request.ref));
}

} // namespace dllab::ui
