// The main window driven as a user would: drops of real data onto the window import it on a job
// thread (a CSV through the table import dialog), the jobs panel follows, the tree selects the new
// version and the preview fills in; a malformed file fails without changing anything. Each case
// opens its own window on a workspace of its own, holding the data it needs (imported as another
// process would), so any case runs alone.
#include "gui_test_helpers.h"

#include "plots/class_distribution_chart.h"
#include "ui/datasets/column_stats_model.h"
#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/datasets_view.h"
#include "ui/datasets/preview_models.h"
#include "ui/datasets/preview_pane.h"
#include "ui/datasets/split_dialog.h"
#include "ui/datasets/table_import_dialog.h"
#include "ui/runs/augment_panel.h"
#include "ui/runs/new_run_dialog.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/runs/schema_form.h"
#include "ui/shell/error_banner.h"
#include "ui/sweeps/sweep_list_model.h"
#include "ui/sweeps/sweeps_view.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <memory>

using namespace dllab;
using dllab::test::dropPaths;
using dllab::test::newestJob;
using dllab::test::newestJobEnded;
using dllab::test::sharedData;

namespace {

constexpr int kJobTimeoutMs = 120000;
using Tester = QAbstractItemModelTester;

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspace->isValid());
    }

    void cleanup()
    {
        m_testers.clear();
        m_window.reset();
        m_workspace.reset();
    }

    void startsEmpty()
    {
        open();
        QCOMPARE(m_window->datasetsView()->model()->rowCount(), 0);
        QVERIFY(m_window->jobsPanel()->rows().isEmpty());
        QVERIFY(m_window->errorBanner()->isHidden());
        QVERIFY(statusText().contains(QStringLiteral("0 datasets")));
    }

    void droppingAnImageFolderImportsAndPreviewsIt()
    {
        open();
        QVERIFY(dropPaths(m_window.get(), {sharedData(QStringLiteral("mnist-png-500"))}));
        ui::JobRow *job = newestJob(*m_window);
        QVERIFY(job);
        QCOMPARE(job->name(), QStringLiteral("Import mnist-png-500"));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(job->stateText(), QStringLiteral("done"));

        ui::DatasetsView *view = m_window->datasetsView();
        QCOMPARE(view->currentRef(), QStringLiteral("mnist-png-500@v1"));
        const QModelIndex current = view->tree()->currentIndex();
        QCOMPARE(current.data(ui::DatasetTreeModel::RefRole).toString(),
                 QStringLiteral("mnist-png-500@v1"));
        QCOMPARE(current.siblingAtColumn(ui::DatasetTreeModel::SamplesColumn).data().toString(),
                 QStringLiteral("500"));
        QCOMPARE(view->currentVersion()->samples, int64_t(500));
        QVERIFY(statusText().contains(QStringLiteral("1 dataset")));

        ui::PreviewPane *preview = view->previewPane();
        QTRY_COMPARE_WITH_TIMEOUT(preview->shownRef(), QStringLiteral("mnist-png-500@v1"), 30000);
        auto *thumbnails = view->findChild<QListView *>(QStringLiteral("thumbnailView"));
        QVERIFY(thumbnails && thumbnails->isVisible());
        QCOMPARE(thumbnails->model()->rowCount(), 64);
        const QModelIndex first = thumbnails->model()->index(0, 0);
        QVERIFY(!first.data(Qt::DisplayRole).toString().isEmpty()); // its class name
        QCOMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(56, 56));

        const auto counts = view->chart()->counts();
        QCOMPARE(counts.size(), 10);
        for (const auto &[name, count] : counts)
            QCOMPARE(count, qint64(50));
        QCOMPARE(view->schemaForm()->field(QStringLiteral("Kind")), QStringLiteral("image"));
        const ui::SchemaForm *schema = view->schemaForm();
        QCOMPARE(schema->field(QStringLiteral("Shape")), QStringLiteral("1 × 28 × 28"));
        QVERIFY(schema->field(QStringLiteral("Classes")).startsWith(QStringLiteral("10: 0, 1, 2")));
    }

    void droppingTheSameFolderAgainMakesNoVersion()
    {
        open({QStringLiteral("mnist-png-500")});
        QVERIFY(dropPaths(m_window.get(), {sharedData(QStringLiteral("mnist-png-500"))}));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("done"));
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 QStringLiteral("identical to mnist-png-500@v1; no new version"));
        const auto *model = m_window->datasetsView()->model();
        QCOMPARE(model->rowCount(model->datasetIndex(QStringLiteral("mnist-png-500"))), 1);
        QTRY_COMPARE(m_window->datasetsView()->currentRef(), QStringLiteral("mnist-png-500@v1"));
    }

    void droppingAMalformedFileFailsAndChangesNothing()
    {
        open({QStringLiteral("mnist-png-500")});
        QVERIFY(m_window->selectVersion(QStringLiteral("mnist-png-500@v1")));
        const QString ragged = m_scratch.filePath(QStringLiteral("ragged.csv"));
        QFile file(ragged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,label\n1,2,x\n3,y\n4,5,z\n");
        file.close();

        // The import dialog shows the importer's error and will not import...
        QVERIFY(dropPaths(m_window.get(), {ragged}));
        QPointer<ui::TableImportDialog> dialog = m_window->findChild<ui::TableImportDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isReading(), kJobTimeoutMs);
        QVERIFY2(dialog->errorText().startsWith(QStringLiteral("ragged.csv: line 3")),
                 qPrintable(dialog->errorText()));
        QVERIFY(!dialog->importButton()->isEnabled());
        dialog->reject();
        QTRY_VERIFY(!dialog);
        QVERIFY(m_window->jobsPanel()->rows().isEmpty());
        // ...and an import started anyway fails the same way, changing nothing.
        QVERIFY(m_window->importPaths({ragged}, QStringLiteral("ragged")));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        ui::JobRow *job = newestJob(*m_window);
        QCOMPARE(job->stateText(), QStringLiteral("failed"));
        QVERIFY(job->messageText().contains(QStringLiteral("ragged.csv")));
        QVERIFY(m_window->errorBanner()->isVisible());
        QVERIFY(m_window->errorBanner()->text().contains(QStringLiteral("ragged.csv")));
        QCOMPARE(m_window->datasetsView()->model()->rowCount(), 1);
        QVERIFY(!model()->datasetIndex(QStringLiteral("ragged")).isValid());
        QCOMPARE(m_window->datasetsView()->currentRef(), QStringLiteral("mnist-png-500@v1"));
        grab(QStringLiteral("failed-import"));
        // The banner stays with the view it is about, and a later import that works clears it.
        QVERIFY(m_window->setView(QStringLiteral("runs")));
        QVERIFY(m_window->errorBanner()->isHidden());
        QVERIFY(m_window->setView(QStringLiteral("datasets")));
        QVERIFY(m_window->importPaths({ragged}, QStringLiteral("ragged")));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 2), kJobTimeoutMs);
        QVERIFY(m_window->errorBanner()->isVisible());
        QVERIFY(m_window->importPaths({sharedData(QStringLiteral("iris.csv"))},
                                      QStringLiteral("iris")));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 3), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("done"));
        QVERIFY(m_window->errorBanner()->isHidden());
        // The jobs dock shows the two newest rows whole, not one and a half.
        for (const ui::JobRow *row : m_window->jobsPanel()->rows().mid(0, 2))
            QCOMPARE(row->visibleRegion().boundingRect().height(), row->height());
    }

    void droppingIrisShowsATable()
    {
        open();
        QVERIFY(dropPaths(m_window.get(), {sharedData(QStringLiteral("iris.csv"))}));
        auto *dialog = m_window->findChild<ui::TableImportDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->importButton()->isEnabled(), kJobTimeoutMs);
        dialog->importButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("done"));
        ui::DatasetsView *view = m_window->datasetsView();
        QCOMPARE(view->currentRef(), QStringLiteral("iris@v1"));
        QTRY_COMPARE_WITH_TIMEOUT(view->previewPane()->shownRef(), QStringLiteral("iris@v1"),
                                  30000);

        auto *table = view->findChild<QTableView *>(QStringLiteral("tablePreview"));
        QVERIFY(table && table->isVisible());
        const QAbstractItemModel *model = table->model();
        QCOMPARE(model->columnCount(), 5); // 4 features + the label
        const QStringList features = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        for (int i = 0; i < features.size(); ++i)
            QCOMPARE(model->headerData(i, Qt::Horizontal).toString(), features[i]);
        QCOMPARE(model->headerData(4, Qt::Horizontal).toString(), QStringLiteral("species"));
        QCOMPARE(model->rowCount(), 50);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("5.1"));
        QCOMPARE(model->index(0, 4).data().toString(), QStringLiteral("setosa"));
        QCOMPARE(view->chart()->counts().size(), 3);
        QCOMPARE(view->schemaForm()->field(QStringLiteral("Kind")), QStringLiteral("table"));
        QVERIFY(view->schemaForm()
                    ->field(QStringLiteral("Normalisation"))
                    .startsWith(QStringLiteral("sepal_length: 5.843 ± 0.8")));
    }

    void aTablesColumnsTabShowsEachColumnsStatistics()
    {
        // A table as data comes: a category, a date, a number with a missing cell, an ID.
        QString csv = QStringLiteral("colour,when,size,id,label\n");
        for (int i = 0; i < 40; ++i)
            csv += QStringLiteral("%1,2024-01-%2,%3,row%4,%5\n")
                       .arg(i % 4 == 0 ? QStringLiteral("red") : QStringLiteral("blue"))
                       .arg(i % 28 + 1, 2, 10, QLatin1Char('0'))
                       .arg(i == 7 ? QString() : QString::number(i))
                       .arg(i)
                       .arg(i % 2 ? QStringLiteral("yes") : QStringLiteral("no"));
        const QString file = m_workspace->filePath(QStringLiteral("things.csv"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(csv.toUtf8());
        out.close();
        open();
        test::importData(m_workspace->path(), "things", file); // as another process would
        QTRY_COMPARE(model()->rowCount(), 1);
        QVERIFY(m_window->selectVersion(QStringLiteral("things")));
        ui::PreviewPane *preview = m_window->datasetsView()->previewPane();
        QTRY_COMPARE_WITH_TIMEOUT(preview->shownRef(), QStringLiteral("things@v1"), 30000);
        QVERIFY(preview->tableTabs()->isVisible());
        preview->tableTabs()->setCurrentIndex(1);
        QCOMPARE(preview->tableTabs()->tabText(1), QStringLiteral("Columns"));

        const ui::ColumnStatsModel *columns = preview->columnModel();
        QCOMPARE(columns->rowCount(), 4);
        const auto cell = [&](int row, int column) {
            return columns->index(row, column).data().toString();
        };
        QCOMPARE(cell(0, ui::ColumnStatsModel::Name), QStringLiteral("colour"));
        QCOMPARE(cell(0, ui::ColumnStatsModel::Type), QStringLiteral("categorical"));
        QCOMPARE(cell(0, ui::ColumnStatsModel::Summary),
                 QStringLiteral("2 values: blue (30), red (10)"));
        const auto bars = [&](int row) {
            return columns->index(row, ui::ColumnStatsModel::Distribution)
                .data(ui::ColumnStatsModel::BarsRole)
                .value<QList<qint64>>();
        };
        QCOMPARE(bars(0), (QList<qint64>{30, 10}));
        QCOMPARE(cell(1, ui::ColumnStatsModel::Type), QStringLiteral("date"));
        QCOMPARE(cell(1, ui::ColumnStatsModel::Summary),
                 QStringLiteral("2024-01-01 to 2024-01-28"));
        QCOMPARE(cell(2, ui::ColumnStatsModel::Type), QStringLiteral("numeric"));
        QCOMPARE(cell(2, ui::ColumnStatsModel::Missing), QStringLiteral("1 (2.5%)"));
        QVERIFY2(cell(2, ui::ColumnStatsModel::Summary).startsWith(QStringLiteral("0 to 39, mean")),
                 qPrintable(cell(2, ui::ColumnStatsModel::Summary)));
        QCOMPARE(bars(2).size(), 20);
        qint64 counted = 0;
        for (qint64 count : bars(2))
            counted += count;
        QCOMPARE(counted, 39); // every cell but the missing one
        QCOMPARE(cell(3, ui::ColumnStatsModel::Type), QStringLiteral("text"));
        QCOMPARE(cell(3, ui::ColumnStatsModel::Summary),
                 QStringLiteral("40 distinct: kept, not a feature"));
        grab(QStringLiteral("column-statistics"));
    }

    void selectingAnotherVersionLoadsItsPreview()
    {
        open({QStringLiteral("mnist-png-500"), QStringLiteral("iris.csv")});
        QVERIFY(m_window->selectVersion(QStringLiteral("mnist-png-500@v1")));
        QVERIFY(m_window->selectVersion(QStringLiteral("iris"))); // stale mnist result is dropped
        ui::PreviewPane *preview = m_window->datasetsView()->previewPane();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isLoading(), 30000);
        QCOMPARE(preview->shownRef(), QStringLiteral("iris@v1"));
        QCOMPARE(preview->imageModel()->rowCount(), 0);
        QVERIFY(!m_window->selectVersion(QStringLiteral("iris@v9")));
    }

    void splittingMakesAndSelectsANewVersion()
    {
        open({QStringLiteral("iris.csv")});
        m_window->splitVersion(QStringLiteral("iris@v1"), 0.2, 0.2, 7);
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("done"));
        ui::DatasetsView *view = m_window->datasetsView();
        QCOMPARE(view->currentRef(), QStringLiteral("iris@v2"));
        const QModelIndex iris = view->model()->datasetIndex(QStringLiteral("iris"));
        QCOMPARE(view->model()->rowCount(iris), 2);
        QCOMPARE(view->model()->index(0, 0, iris).data().toString(), QStringLiteral("v2"));
        const QString splits = view->schemaForm()->field(QStringLiteral("Splits"));
        QVERIFY2(splits.contains(QStringLiteral("train 90")), qPrintable(splits));
        QCOMPARE(view->schemaForm()->field(QStringLiteral("Parent")), QStringLiteral("v1"));

        // Split again: the dialog keeps v2's test split by default and says what the split will
        // hold, which is what the engine then makes.
        const datasets::VersionInfo v2 = *view->currentVersion();
        ui::SplitDialog dialog(QStringLiteral("iris@v2"), v2.samples, v2.splits.at("test"));
        QCOMPARE(dialog.testFraction(), 0.0);
        QCOMPARE(dialog.summary(),
                 QStringLiteral("train 72% · val 8% · test 20%, its own test split kept"));
        m_window->splitVersion(QStringLiteral("iris@v2"), dialog.valFraction(),
                               dialog.testFraction(), 7);
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 2), kJobTimeoutMs);
        QCOMPARE(view->currentRef(), QStringLiteral("iris@v3"));
        const auto percent = [&](const char *split) {
            return qRound(100.0 * double(view->currentVersion()->splits.at(split))
                          / double(v2.samples));
        };
        QCOMPARE(percent("train"), 72);
        QCOMPARE(percent("val"), 8);
        QCOMPARE(percent("test"), 20);
        dialog.setFractions(0.1, 0.1);
        QCOMPARE(dialog.summary(), QStringLiteral("train 80% · val 10% · test 10%"));
        dialog.setFractions(0.5, 0.5);
        QCOMPARE(dialog.summary(), QStringLiteral("Nothing would be left to train on."));

        // Verify and compare, from the Dataset menu (and the tree's context menu) as well as
        // the CLI: the finding is the job row's message.
        QVERIFY(m_window->datasetsView()->tree()->actions().size() >= 3);
        m_window->verifyVersion(QStringLiteral("iris@v3"));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 3), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("done"));
        QVERIFY2(newestJob(*m_window)->messageText().startsWith(
                     QStringLiteral("iris@v3 is intact: 150 samples")),
                 qPrintable(newestJob(*m_window)->messageText()));
        QVERIFY(m_window->compareWithPrevious(QStringLiteral("iris@v3")));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 4), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->messageText(),
                 QStringLiteral("iris@v2 → iris@v3: 0 samples added, 0 removed (the same "
                                "samples; splits may differ)"));
        QVERIFY(!m_window->compareWithPrevious(QStringLiteral("iris@v1"))); // nothing before it
    }

    void deletingAVersionAsksFirstAndKeepsOneARunUses()
    {
        // iris v1 (a run trained on it), v2 and v3 (splits of it).
        open({QStringLiteral("iris.csv")});
        {
            workspace::Database::ThreadPermit permit; // as another process would
            workspace::Workspace ws(m_workspace->path().toStdString());
            datasets::DatasetStore store(ws);
            store.split("iris@v1", 0.2, 0.0, 1, {});
            store.split("iris@v1", 0.3, 0.0, 1, {});
            ws.db().exec("INSERT INTO runs(name, kind, status, spec_json, dataset_version_id) "
                         "SELECT 'run-1', 'train', 'finished', '{}', id FROM dataset_versions "
                         "WHERE number = 1");
        }
        QTRY_COMPARE(model()->rowCount(model()->datasetIndex(QStringLiteral("iris"))), 3);

        // Enter in the question keeps the version: Cancel is its default.
        QVERIFY(m_window->selectVersion(QStringLiteral("iris@v2")));
        m_window->datasetsView()->tree()->setFocus();
        QTimer::singleShot(0, [] {
            QWidget *box = QApplication::activeModalWidget();
            QVERIFY(qobject_cast<QMessageBox *>(box));
            QTest::keyClick(box, Qt::Key_Return);
        });
        QTest::keyClick(m_window->datasetsView()->tree(), Qt::Key_Delete);
        QVERIFY(m_window->jobsPanel()->rows().isEmpty());

        // Delete takes v2 out; v3, made after it, now follows v1.
        m_window->activateWindow();
        m_window->datasetsView()->tree()->setFocus();
        QTRY_VERIFY(m_window->datasetsView()->tree()->hasFocus());
        QTimer::singleShot(0, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *button : box->buttons())
                if (button->text() == QStringLiteral("Delete"))
                    button->click();
        });
        QTest::keyClick(m_window->datasetsView()->tree(), Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->messageText(),
                 QStringLiteral("Deleted iris@v2 (150 samples)"));
        const QModelIndex iris = model()->datasetIndex(QStringLiteral("iris"));
        QTRY_COMPARE(model()->rowCount(iris), 2);
        QVERIFY(!m_window->selectVersion(QStringLiteral("iris@v2")));
        QVERIFY(m_window->selectVersion(QStringLiteral("iris@v3")));
        QCOMPARE(m_window->datasetsView()->schemaForm()->field(QStringLiteral("Parent")),
                 QStringLiteral("v1"));

        // The version a run trained on stays, and the banner says which run holds it.
        m_window->deleteVersion(QStringLiteral("iris@v1"));
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 2), kJobTimeoutMs);
        QCOMPARE(newestJob(*m_window)->stateText(), QStringLiteral("failed"));
        QVERIFY2(m_window->errorBanner()->text().contains(
                     QStringLiteral("iris@v1 is used by 1 run (run-1)")),
                 qPrintable(m_window->errorBanner()->text()));
        QVERIFY(m_window->selectVersion(QStringLiteral("iris@v1")));
    }

    void newRunOffersAugmentationWithAGridForImages()
    {
        open({QStringLiteral("mnist-png-500"), QStringLiteral("iris.csv")});
        QVERIFY(m_window->selectVersion(QStringLiteral("mnist-png-500@v1")));
        ui::NewRunDialog *dialog = m_window->openNewRunDialog();
        ui::AugmentPanel *panel = dialog->augmentPanel();
        QVERIFY(!panel->isHidden());
        QVERIFY(dialog->spec()["augment"].is_null()); // off until asked for
        // Unchecked, the grid shows the samples as they are; checked, their random variants.
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isDrawing() && !panel->grid().isNull(), 30000);
        const QImage plain = panel->grid();
        QCOMPARE(plain.size(), QSize(8 * 84 + 9 * 2, 4 * 84 + 5 * 2));
        panel->setChecked(true);
        panel->rotationSpin()->setValue(25);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isDrawing() && panel->grid() != plain, 30000);
        QCOMPARE(dialog->spec()["augment"]["rotation"], 25.0);
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        // The first column is the sample itself, whatever the augmentation.
        QCOMPARE(panel->grid().copy(0, 0, 88, panel->grid().height()),
                 plain.copy(0, 0, 88, plain.height()));
        // The dialog with the grid fits a 1024 × 700 screen.
        QVERIFY2(dialog->sizeHint().width() <= 1024 && dialog->sizeHint().height() <= 700,
                 qPrintable(QStringLiteral("%1x%2")
                                .arg(dialog->sizeHint().width())
                                .arg(dialog->sizeHint().height())));

        // A table has nothing to augment: the group goes, and the spec says nothing of it.
        dialog->datasetCombo()->setCurrentText(QStringLiteral("iris@v1"));
        QVERIFY(panel->isHidden());
        QVERIFY(dialog->spec()["augment"].is_null());
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        dialog->close();
    }

    void cancellingAnImportAddsNothing()
    {
        open();
        QVERIFY(dropPaths(m_window.get(), {sharedData(QStringLiteral("mnist-10k"))}));
        ui::JobRow *job = newestJob(*m_window);
        // The row was just added: its layout shows it on the next event loop pass.
        QVERIFY(!job->cancelButton()->isHidden() && job->cancelButton()->isEnabled());
        job->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(newestJobEnded(*m_window, 1), kJobTimeoutMs);
        QCOMPARE(job->stateText(), QStringLiteral("cancelled"));
        QVERIFY(!model()->datasetIndex(QStringLiteral("mnist-10k")).isValid());
        grab(QStringLiteral("after-jobs"));
    }

    void aWorkspaceThatCannotOpenKeepsTheCurrentOne()
    {
        open({QStringLiteral("iris.csv")});
        QTRY_COMPARE(m_window->datasetsView()->model()->rowCount(), 1);
        const QString notAFolder = m_scratch.filePath(QStringLiteral("not-a-folder.csv"));
        QFile file(notAFolder);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(!m_window->openWorkspace(notAFolder.toStdString()));
        QVERIFY(m_window->errorBanner()->isVisible());
        QCOMPARE(QString::fromStdString(m_window->workspaceDir().string()), m_workspace->path());
        QCOMPARE(m_window->datasetsView()->model()->rowCount(), 1);
    }

    void runsAndSweepsAreRealViews()
    {
        open();
        QVERIFY(m_window->setView(QStringLiteral("runs")));
        QVERIFY(m_window->view() == ui::MainWindow::View::Runs);
        QVERIFY(m_window->runsView()->isVisible());
        QTRY_VERIFY(!m_window->isLoading());
        QCOMPARE(m_window->runsView()->model()->rowCount(), 0);
        grab(QStringLiteral("runs"));
        QVERIFY(m_window->setView(QStringLiteral("sweeps")));
        QVERIFY(m_window->sweepsView()->isVisible());
        QTRY_VERIFY(!m_window->isLoading());
        QCOMPARE(m_window->sweepsView()->sweepModel()->rowCount(), 0);
        auto *status = m_window->sweepsView()->findChild<QLabel *>(QStringLiteral("sweepStatus"));
        QVERIFY(status && status->text().contains(QStringLiteral("No sweeps yet")));
        QCOMPARE(status->toolTip(), status->text()); // the whole text, where the bar cuts it
        QVERIFY(!m_window->setView(QStringLiteral("nope")));
        QVERIFY(!m_window->setView(QStringLiteral("run:x")));
        // A run the workspace lacks: the banner says so once the monitor has listed the runs.
        QVERIFY(m_window->setView(QStringLiteral("run:999")));
        QTRY_VERIFY(m_window->errorBanner()->text().contains(QStringLiteral("No such run")));
        QVERIFY(!m_window->isLoading());
        QVERIFY(m_window->setView(QStringLiteral("datasets")));
        QVERIFY(m_window->datasetsView()->isVisible());

        // A 13" laptop with scaling: every view fits 1024 × 700.
        m_window->resize(1024, 700);
        for (const char *view : {"datasets", "runs", "sweeps", "run:1"}) {
            m_window->setView(QLatin1String(view));
            QTRY_COMPARE(m_window->size(), QSize(1024, 700));
            QVERIFY2(m_window->minimumSizeHint().width() <= 1024,
                     qPrintable(QStringLiteral("%1: %2")
                                    .arg(QLatin1String(view))
                                    .arg(m_window->minimumSizeHint().width())));
        }
    }

private:
    // Imports each shared-data entry (named after its file, without ".csv") into this case's
    // workspace, then opens the window on it, with model testers on its models.
    void open(const QStringList &data = {})
    {
        for (const QString &entry : data)
            test::importData(m_workspace->path(),
                             QString(entry).remove(QStringLiteral(".csv")).toStdString(),
                             sharedData(entry));
        m_window = std::make_unique<ui::MainWindow>(m_workspace->path().toStdString());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        ui::DatasetsView *view = m_window->datasetsView();
        const auto mode = Tester::FailureReportingMode::QtTest;
        m_testers.push_back(std::make_unique<Tester>(view->model(), mode));
        m_testers.push_back(std::make_unique<Tester>(view->previewPane()->imageModel(), mode));
        m_testers.push_back(std::make_unique<Tester>(view->previewPane()->tableModel(), mode));
        QTRY_COMPARE(view->model()->rowCount(), int(data.size()));
    }

    // DLLAB_TEST_GRAB_DIR=folder saves what the window looks like at points of interest.
    void grab(const QString &name) const
    {
        const QString dir = qEnvironmentVariable("DLLAB_TEST_GRAB_DIR");
        if (!dir.isEmpty())
            m_window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    ui::DatasetTreeModel *model() const { return m_window->datasetsView()->model(); }

    QString statusText() const
    {
        QString text;
        for (QLabel *label : m_window->statusBar()->findChildren<QLabel *>())
            text += label->text() + QLatin1Char('\n');
        return text;
    }

    std::unique_ptr<QTemporaryDir> m_workspace;
    QTemporaryDir m_scratch;
    std::unique_ptr<ui::MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
