// The dllab executable: options, errors on stderr with exit code 1, and --screenshot.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runGui(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DLLAB_GUI), arguments);
    Result result;
    if (!process.waitForStarted(10000)) {
        result.err = QStringLiteral("cannot start " DLLAB_GUI);
        return result;
    }
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class TestGuiApp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void screenshotOfAnEmptyWorkspace()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        const Result result =
            runGui({QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws")),
                    QStringLiteral("--screenshot"), png});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
    }

    void screenshotOfTheImportPreview()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        const QString iris = QStringLiteral(DLLAB_SHARED_DATA "/iris.csv");
        const Result result =
            runGui({QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws")),
                    QStringLiteral("--import-preview"), iris, QStringLiteral("--size"),
                    QStringLiteral("1024x700"), QStringLiteral("--screenshot"), png});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(QImage(png).size(), QSize(1024, 700)); // the dialog, at --size

        for (const QStringList &bad : {QStringList{QStringLiteral("--size"), QStringLiteral("big")},
                                       QStringList{QStringLiteral("--import-preview"),
                                                   dir.filePath(QStringLiteral("none.csv"))}}) {
            const Result refused = runGui(
                QStringList{QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws"))}
                + bad);
            QCOMPARE(refused.exitCode, 1);
            QVERIFY2(refused.err.contains(bad.first()), qPrintable(refused.err));
        }
    }

    void aBadWorkspaceIsAnError()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const Result result =
            runGui({QStringLiteral("--workspace"), file.fileName(), QStringLiteral("--screenshot"),
                    dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(result.exitCode, 1);
        // Qt may warn first (XDG_RUNTIME_DIR); the error is a line of its own.
        const QStringList lines = result.err.split(QLatin1Char('\n'));
        QVERIFY2(std::any_of(lines.begin(), lines.end(),
                             [](const QString &line) {
                                 return line.startsWith(QStringLiteral("error: cannot create"));
                             }),
                 qPrintable(result.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    }

    void unknownViewsAndVersionsAreErrors()
    {
        QTemporaryDir dir;
        Result result = runGui({QStringLiteral("--workspace"), dir.path(), QStringLiteral("--view"),
                                QStringLiteral("charts"), QStringLiteral("--screenshot"),
                                dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QStringLiteral("unknown view")), qPrintable(result.err));
        result = runGui({QStringLiteral("--workspace"), dir.path(), QStringLiteral("--select"),
                         QStringLiteral("mnist@v1"), QStringLiteral("--screenshot"),
                         dir.filePath(QStringLiteral("x.png"))});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QStringLiteral("no dataset version mnist@v1")),
                 qPrintable(result.err));
    }
};

QTEST_MAIN(TestGuiApp)
#include "tst_gui_app.moc"
