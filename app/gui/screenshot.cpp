#include "screenshot.h"

#include "ui/shell/main_window.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

namespace dllab::app {

namespace {

constexpr int kPollMs = 50;
// Item views lay out on a zero timer and charts on their first paint; a short pause after the
// preview arrives lets both happen before grabbing.
constexpr int kSettleMs = 300;

void grabAndExit(ui::MainWindow &window, const QString &file)
{
    // An open Export or Try it dialog is what the screenshot is for; else the window.
    const QPixmap pixmap = window.screenshotTarget()->grab();
    if (pixmap.isNull() || !pixmap.save(file, "PNG")) {
        std::fprintf(stderr, "error: cannot write screenshot %s\n", qPrintable(file));
        QCoreApplication::exit(1);
        return;
    }
    std::printf("%s\n", qPrintable(file));
    QCoreApplication::exit(0);
}

} // namespace

void saveScreenshotWhenReady(ui::MainWindow &window, const QString &file, int timeoutMs)
{
    auto *poll = new QTimer(&window);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, elapsed, file, timeoutMs] {
        const bool loading = window.isLoading();
        if (loading && elapsed->elapsed() < timeoutMs)
            return;
        if (loading)
            std::fprintf(stderr, "warning: the view did not load within %d ms\n", timeoutMs);
        poll->stop();
        poll->deleteLater();
        QTimer::singleShot(kSettleMs, &window, [&window, file] { grabAndExit(window, file); });
    });
    poll->start(kPollMs);
}

} // namespace dllab::app
