// DatasetTreeModel: datasets with their versions newest first, and refreshes that merge (rows
// inserted, selection kept) rather than reset. QAbstractItemModelTester watches every change.
#include "ui/datasets/dataset_tree_model.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QtTest>

using dllab::datasets::DatasetSummary;
using dllab::datasets::VersionInfo;
using dllab::ui::DatasetTreeModel;

namespace {

VersionInfo version(const std::string &dataset, int number, int64_t samples)
{
    VersionInfo info;
    info.dataset = dataset;
    info.number = number;
    info.samples = samples;
    info.hash = std::string(64, char('a' + number % 6)) + dataset;
    info.hash.resize(64);
    info.message = "message " + std::to_string(number);
    info.createdAt = "2024-05-0" + std::to_string(number) + "T12:00:00Z";
    if (number > 1)
        info.parent = number - 1;
    return info;
}

DatasetSummary summary(const std::string &name, int versions, int64_t samples = 100)
{
    DatasetSummary result;
    result.name = name;
    result.createdAt = "2024-05-01T12:00:00Z";
    for (int n = 1; n <= versions; ++n)
        result.versions.push_back(version(name, n, samples + n));
    return result;
}

constexpr auto kReport = QAbstractItemModelTester::FailureReportingMode::QtTest;

QString text(const QAbstractItemModel &model, const QModelIndex &index)
{
    return model.data(index, Qt::DisplayRole).toString();
}

} // namespace

class TestDatasetTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsDatasetsByNameWithVersionsNewestFirst()
    {
        DatasetTreeModel model;
        QAbstractItemModelTester tester(&model, kReport);
        model.setDatasets({summary("mnist", 3), summary("iris", 1)});

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DatasetTreeModel::ColumnCount));
        const QModelIndex iris = model.index(0, 0);
        const QModelIndex mnist = model.index(1, 0);
        QCOMPARE(text(model, iris), QStringLiteral("iris"));
        QCOMPARE(model.rowCount(mnist), 3);
        using M = DatasetTreeModel;
        QCOMPARE(text(model, model.index(0, M::VersionColumn, mnist)), QStringLiteral("v3"));
        QCOMPARE(text(model, model.index(2, M::VersionColumn, mnist)), QStringLiteral("v1"));
        QCOMPARE(text(model, model.index(0, M::SamplesColumn, mnist)), QStringLiteral("103"));
        QCOMPARE(text(model, model.index(0, M::MessageColumn, mnist)), QStringLiteral("message 3"));
        const QString hash = text(model, model.index(0, DatasetTreeModel::HashColumn, mnist));
        QCOMPARE(hash.size(), 12);
        QVERIFY(model.data(model.index(0, DatasetTreeModel::HashColumn, mnist), Qt::ToolTipRole)
                    .toString()
                    .startsWith(hash));
        QVERIFY(!text(model, model.index(0, DatasetTreeModel::DateColumn, mnist)).isEmpty());
        QCOMPARE(model.data(model.index(1, 0, mnist), DatasetTreeModel::RefRole).toString(),
                 QStringLiteral("mnist@v2"));
        QCOMPARE(text(model, model.index(1, M::MessageColumn)), QStringLiteral("3 versions"));
        QCOMPARE(model.rowCount(model.index(0, 0, mnist)), 0); // versions are leaves
    }

    void refreshInsertsNewVersionsAndKeepsIndexes()
    {
        DatasetTreeModel model;
        QAbstractItemModelTester tester(&model, kReport);
        model.setDatasets({summary("mnist", 1)});
        const QPersistentModelIndex v1 = model.versionIndex(QStringLiteral("mnist"), 1);
        QVERIFY(v1.isValid());

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setDatasets({summary("mnist", 3), summary("cifar", 1)});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 2); // two versions at the top of mnist, then cifar
        QVERIFY(v1.isValid());
        QCOMPARE(v1.data(DatasetTreeModel::RefRole).toString(), QStringLiteral("mnist@v1"));
        QCOMPARE(v1.row(), 2);
        QCOMPARE(v1.parent().row(), 1); // cifar sorts before mnist
        const QModelIndex newest = model.versionIndex(QStringLiteral("mnist"));
        QCOMPARE(newest.data(DatasetTreeModel::RefRole).toString(), QStringLiteral("mnist@v3"));

        model.setDatasets({summary("mnist", 3), summary("cifar", 1)}); // nothing new
        QCOMPARE(inserted.count(), 2);
    }

    void refreshRemovesWhatIsGone()
    {
        DatasetTreeModel model;
        QAbstractItemModelTester tester(&model, kReport);
        model.setDatasets({summary("a", 2), summary("b", 1), summary("c", 1)});
        const QPersistentModelIndex c = model.datasetIndex(QStringLiteral("c"));
        model.setDatasets({summary("a", 2), summary("c", 1)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(c.row(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!c.isValid());
    }

    void rewrittenHistoryReplacesVersions()
    {
        DatasetTreeModel model;
        QAbstractItemModelTester tester(&model, kReport);
        model.setDatasets({summary("a", 3)});
        DatasetSummary other = summary("a", 2);
        other.versions[1].hash = std::string(64, 'f'); // another workspace with the same name
        model.setDatasets({other});
        const QModelIndex a = model.datasetIndex(QStringLiteral("a"));
        QCOMPARE(model.rowCount(a), 2);
        QCOMPARE(model.versionAt(model.index(0, 0, a))->hash, std::string(64, 'f'));
    }

    void findsVersions()
    {
        DatasetTreeModel model;
        model.setDatasets({summary("iris", 2)});
        QVERIFY(!model.versionIndex(QStringLiteral("iris"), 3).isValid());
        QVERIFY(!model.versionIndex(QStringLiteral("nope")).isValid());
        QCOMPARE(model.versionIndex(QStringLiteral("iris"), 1).row(), 1);
        QVERIFY(model.versionAt(model.datasetIndex(QStringLiteral("iris"))) == nullptr);
        QCOMPARE(model.versionAt(model.versionIndex(QStringLiteral("iris")))->number, 2);
    }

    void formatsDatesInLocalTime()
    {
        QCOMPARE(dllab::ui::displayDate("not a date"), QStringLiteral("not a date"));
        const QString shown = dllab::ui::displayDate("2024-05-01T12:34:56Z");
        QCOMPARE(shown.size(), 16); // "yyyy-MM-dd HH:mm"
        QVERIFY(shown.startsWith(QStringLiteral("2024-05-0")));
    }
};

QTEST_MAIN(TestDatasetTreeModel)
#include "tst_dataset_tree_model.moc"
