// The preview's pieces without a workspace: PreviewData made from content, the thumbnail and
// table models over it (under QAbstractItemModelTester), and what a drop names.
#include "datasets/date_text.h"
#include "ui/datasets/drop_import.h"
#include "ui/datasets/preview_data.h"
#include "ui/datasets/preview_models.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QPixmap>
#include <QUrl>
#include <QtTest>

using namespace dllab;

namespace {

datasets::DatasetContent images(int samples, int channels, int side)
{
    datasets::DatasetContent content;
    content.kind = datasets::DatasetKind::Image;
    content.featureShape = {channels, side, side};
    content.classNames = {"cat", "dog"};
    for (int i = 0; i < samples; ++i) {
        content.labels.push_back(i % 2);
        for (int p = 0; p < channels * side * side; ++p)
            content.pixels.push_back(uint8_t((i + p) % 256));
    }
    return content;
}

datasets::DatasetContent table(int samples)
{
    datasets::DatasetContent content;
    content.kind = datasets::DatasetKind::Table;
    content.featureShape = {2};
    content.columnNames = {"width", "height"};
    content.classNames = {"small", "large"};
    for (int i = 0; i < samples; ++i) {
        content.values.push_back(float(i) + 0.5f);
        content.values.push_back(float(i * 2));
        content.labels.push_back(i >= samples / 2 ? 1 : 0);
    }
    return content;
}

constexpr auto kReport = QAbstractItemModelTester::FailureReportingMode::QtTest;

} // namespace

class TestPreviewModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void imagePreviewTakesTheFirstSamples()
    {
        const ui::PreviewData preview = ui::makePreview(images(100, 1, 28));
        QVERIFY(preview.isImage);
        QCOMPARE(preview.samples, qint64(100));
        QCOMPARE(preview.images.size(), qsizetype(ui::kPreviewImages));
        QCOMPARE(preview.labels.first(), QStringLiteral("cat"));
        QCOMPARE(preview.labels.at(1), QStringLiteral("dog"));
        QCOMPARE(preview.images.first().size(), QSize(28, 28));
        QCOMPARE(qGray(preview.images.at(3).pixel(1, 0)), 4); // sample 3, pixel 1
    }

    void typedCellsShowAsTheFileHadThem()
    {
        datasets::DatasetContent content = table(2);
        content.columnInfo = {{datasets::ColumnType::Categorical, {"blue", "red"}},
                              {datasets::ColumnType::Date, {}}};
        content.values = {1, float(datasets::daysFromCivil(2012, 1, 31)), NAN, NAN};
        const ui::PreviewData preview = ui::makePreview(content);
        QCOMPARE(preview.rows.at(0),
                 (QStringList{QStringLiteral("red"), QStringLiteral("2012-01-31")}));
        QCOMPARE(preview.rows.at(1), (QStringList{QString(), QString()})); // missing cells
    }

    void colourImagesKeepTheirChannels()
    {
        const ui::PreviewData preview = ui::makePreview(images(2, 3, 4));
        const QImage image = preview.images.first();
        QCOMPARE(image.format(), QImage::Format_RGB888);
        const QRgb pixel = image.pixel(0, 0);
        QCOMPARE(qRed(pixel), 0);
        QCOMPARE(qGreen(pixel), 16); // the second plane starts after 4 x 4 values
        QCOMPARE(qBlue(pixel), 32);
    }

    void imageModelShowsCrispDoubledThumbnails()
    {
        ui::ImagePreviewModel model;
        QAbstractItemModelTester tester(&model, kReport);
        model.setPreview(ui::makePreview(images(10, 1, 28)));
        QCOMPARE(model.rowCount(), 10);
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("cat"));
        const QPixmap thumbnail = first.data(Qt::DecorationRole).value<QPixmap>();
        QCOMPARE(thumbnail.size(), QSize(56, 56));
        // Nearest-neighbour scaling: each source pixel becomes a 2 x 2 block.
        const QImage big = thumbnail.toImage();
        QCOMPARE(big.pixel(2, 0), big.pixel(3, 0));
        model.setPreview({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(ui::ImagePreviewModel::thumbnailSize(QSize(224, 112)), QSize(96, 48));
        QCOMPARE(ui::ImagePreviewModel::thumbnailSize(QSize(8, 8)), QSize(56, 56));
    }

    void tableModelShowsColumnsAndLabel()
    {
        ui::TablePreviewModel model;
        QAbstractItemModelTester tester(&model, kReport);
        const ui::PreviewData preview = ui::makePreview(table(80));
        QVERIFY(!preview.isImage);
        QCOMPARE(preview.rows.size(), qsizetype(ui::kPreviewRows));
        model.setPreview(preview);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("width"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("label"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("1.5"));
        QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(45, 2).data().toString(), QStringLiteral("large"));
        model.setPreview(ui::makePreview(images(3, 1, 4))); // an image preview empties it
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
    }

    void dropNamesTheDataset_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("name");
        QTest::newRow("csv") << "/data/iris.csv"
                             << "iris";
        QTest::newRow("gzip") << "/data/train-images-idx3-ubyte.gz"
                              << "train-images-idx3-ubyte";
        QTest::newRow("csv.gz") << "/data/sales.csv.gz"
                                << "sales";
        QTest::newRow("dots") << "/data/my.data.npy"
                              << "my.data";
        QTest::newRow("no extension") << "/data/labels"
                                      << "labels";
        QTest::newRow("folder") << QString::fromUtf8(DLLAB_SHARED_DATA "/mnist-png-500/")
                                << "mnist-png-500";
    }

    void dropNamesTheDataset()
    {
        QFETCH(QString, path);
        QFETCH(QString, name);
        QCOMPARE(ui::suggestedDatasetName({path}), name);
    }

    void dropTakesOnlyLocalFiles()
    {
        QMimeData local;
        local.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/a.csv")),
                       QUrl::fromLocalFile(QStringLiteral("/tmp/folder/"))});
        QCOMPARE(ui::localPaths(&local), (QStringList{"/tmp/a.csv", "/tmp/folder"}));
        QMimeData remote;
        remote.setUrls({QUrl::fromLocalFile(QStringLiteral("/tmp/a.csv")),
                        QUrl(QStringLiteral("https://example.com/b.csv"))});
        QVERIFY(ui::localPaths(&remote).isEmpty());
        QMimeData plain;
        plain.setText(QStringLiteral("/tmp/a.csv"));
        QVERIFY(ui::localPaths(&plain).isEmpty());
    }
};

QTEST_MAIN(TestPreviewModels)
#include "tst_preview_models.moc"
