#pragma once
// Helpers for GUI tests: import test data as another process would, deliver a real drag-and-drop
// of local paths to a widget, and find the newest job row.
#include "datasets/dataset_store.h"
#include "ui/runs/run_detail_view.h"
#include "ui/shell/jobs_panel.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QtTest>

namespace dllab::test {

inline QString sharedData(const QString &name)
{
    return QString::fromUtf8(DLLAB_SHARED_DATA) + QLatin1Char('/') + name;
}

// Imports `path` as dataset `name` into the workspace at `dir`, as another process would (the
// GUI thread itself may not use the workspace: forbid_gui_thread.cpp).
inline void importData(const QString &dir, const std::string &name, const QString &path)
{
    workspace::Database::ThreadPermit permit;
    workspace::Workspace ws(dir.toStdString());
    datasets::DatasetStore(ws).importFiles(name, {path.toStdString()}, {}, "test data", {});
}

// Sends DragEnter then Drop, as the window system does; returns whether the drop was accepted.
inline bool dropPaths(QWidget *target, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint at(target->width() / 2, target->height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

// Opens run `runId`'s page and waits until it shows that run with its reads done.
inline bool showRunPage(ui::MainWindow &window, qint64 runId, int timeoutMs = 120000)
{
    return window.setView(QStringLiteral("run:%1").arg(runId))
           && QTest::qWaitFor(
               [&] { return window.runDetailView()->runId() == runId && !window.isLoading(); },
               timeoutMs);
}

inline ui::JobRow *newestJob(const ui::MainWindow &window)
{
    return window.jobsPanel()->rows().value(0, nullptr);
}

inline bool newestJobEnded(const ui::MainWindow &window, int expectedRows)
{
    const auto rows = window.jobsPanel()->rows();
    return rows.size() == expectedRows && rows.first()->state() != ui::JobState::Running;
}

} // namespace dllab::test
