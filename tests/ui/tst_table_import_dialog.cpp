// The table import dialog on real files (copies of birdstrikes.csv and iris.csv): the types the
// importer infers, the label and type choices becoming the ImportOptions, the importer's own
// error for a text column forced numeric, the keyboard, the 1024 × 700 fit, and an import
// through the window that makes a version with the chosen label.
#include "gui_test_helpers.h"

#include "ui/datasets/import_column_model.h"
#include "ui/datasets/preview_models.h"
#include "ui/datasets/table_import_dialog.h"
#include "ui/shell/jobs_panel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

#include <memory>

using namespace dllab;
using datasets::ColumnType;
using dllab::test::sharedData;

namespace {

constexpr int kReadTimeoutMs = 30000;
constexpr int kJobTimeoutMs = 120000;
const QString kDamage = QStringLiteral("Effect Amount of damage");

QString cell(const QAbstractItemModel *model, int row, int column, int role = Qt::DisplayRole)
{
    return model->index(row, column).data(role).toString();
}

// The Type cell of `column` in the dialog's column table, as shown.
QString typeOf(const ui::TableImportDialog &dialog, const QString &column)
{
    const int row = dialog.columnModel()->rowOf(column);
    return row < 0 ? QStringLiteral("(no column %1)").arg(column)
                   : cell(dialog.columnModel(), row, ui::ImportColumnModel::TypeColumn);
}

QString missingOf(const ui::TableImportDialog &dialog, const QString &column)
{
    return cell(dialog.columnModel(), dialog.columnModel()->rowOf(column),
                ui::ImportColumnModel::MissingColumn);
}

QStringList headers(const QAbstractItemModel *model)
{
    QStringList names;
    for (int c = 0; c < model->columnCount(); ++c)
        names << model->headerData(c, Qt::Horizontal).toString();
    return names;
}

bool waitForPreview(const ui::TableImportDialog &dialog)
{
    return QTest::qWaitFor([&] { return !dialog.isReading(); }, kReadTimeoutMs);
}

} // namespace

class TestTableImportDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_scratch.isValid());
        for (const char *name : {"birdstrikes.csv", "iris.csv"})
            QVERIFY(QFile::copy(sharedData(QLatin1String(name)),
                                m_scratch.filePath(QLatin1String(name))));
        m_birds = m_scratch.filePath(QStringLiteral("birdstrikes.csv"));
        m_iris = m_scratch.filePath(QStringLiteral("iris.csv"));
    }

    void listsTheInferredTypes()
    {
        ui::TableImportDialog dialog(m_birds);
        QAbstractItemModelTester columns(dialog.columnModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester rows(dialog.rowsModel(),
                                      QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(dialog.isReading());
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(waitForPreview(dialog));
        QCOMPARE(dialog.datasetName(), QStringLiteral("birdstrikes"));
        QCOMPARE(dialog.columnModel()->rowCount(), 14);
        QCOMPARE(typeOf(dialog, QStringLiteral("Flight Date")), QStringLiteral("auto (date)"));
        QCOMPARE(typeOf(dialog, QStringLiteral("Wildlife Size")),
                 QStringLiteral("auto (categorical)"));
        QCOMPARE(typeOf(dialog, QStringLiteral("Cost Total $")), QStringLiteral("auto (numeric)"));
        QCOMPARE(typeOf(dialog, QStringLiteral("Aircraft Make Model")),
                 QStringLiteral("auto (categorical)"));
        // The last column is the label, as in the CLI; its missing cells are the rows left out.
        QCOMPARE(dialog.labelColumn(), QStringLiteral("Speed IAS in knots"));
        QVERIFY(typeOf(dialog, dialog.labelColumn()).startsWith(QStringLiteral("label (")));
        QCOMPARE(missingOf(dialog, dialog.labelColumn()), QStringLiteral("2836 (28 %)"));
        QVERIFY(dialog.notesText().contains(QStringLiteral("2836 rows left out")));
        const int size = dialog.columnModel()->rowOf(QStringLiteral("Wildlife Size"));
        QCOMPARE(cell(dialog.columnModel(), size, ui::ImportColumnModel::ExamplesColumn),
                 QStringLiteral("Large, Medium, Small"));
        QCOMPARE(missingOf(dialog, QStringLiteral("Wildlife Size")), QStringLiteral("0"));

        // The first rows as the importer keeps them: text and dates as the file has them.
        const QAbstractItemModel *first = dialog.rowsModel();
        QCOMPARE(first->rowCount(), 20);
        const QStringList names = headers(first);
        QCOMPARE(names.size(), 14);
        QCOMPARE(names.last(), QStringLiteral("Speed IAS in knots"));
        QCOMPARE(cell(first, 0, int(names.indexOf(QStringLiteral("Flight Date")))),
                 QStringLiteral("1990-01-08"));
        QCOMPARE(cell(first, 0, int(names.indexOf(QStringLiteral("Wildlife Size")))),
                 QStringLiteral("Large"));
        QCOMPARE(cell(first, 0, 13), QStringLiteral("300"));
        QVERIFY(dialog.errorText().isEmpty());
        QVERIFY(dialog.importButton()->isEnabled());
        const QString summary = dialog.findChild<QLabel *>(QStringLiteral("importSummary"))->text();
        QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("^7,?164 rows"))),
                 qPrintable(summary));
    }

    void labelAndOverridesBecomeTheOptions()
    {
        ui::TableImportDialog dialog(m_birds);
        QVERIFY(waitForPreview(dialog));
        QCOMPARE(dialog.options().labelColumn, std::string("Speed IAS in knots"));
        QVERIFY(dialog.options().columnTypes.empty());

        // Another label, chosen in the combo box as a user would.
        auto *label = dialog.findChild<QComboBox *>(QStringLiteral("labelColumn"));
        QVERIFY(label && label->isEnabled());
        QCOMPARE(label->count(), 14);
        label->setCurrentIndex(label->findText(kDamage));
        QVERIFY(dialog.isReading());
        QVERIFY(!dialog.importButton()->isEnabled()); // until the new choice is read
        QVERIFY(waitForPreview(dialog));
        QCOMPARE(dialog.options().labelColumn, kDamage.toStdString());
        QCOMPARE(typeOf(dialog, kDamage), QStringLiteral("label (6 classes)"));
        // The former label is a numeric feature now, with its missing cells.
        QCOMPARE(typeOf(dialog, QStringLiteral("Speed IAS in knots")),
                 QStringLiteral("auto (numeric)"));
        QCOMPARE(missingOf(dialog, QStringLiteral("Speed IAS in knots")),
                 QStringLiteral("2836 (28 %)"));
        QVERIFY(dialog.notesText().isEmpty());
        QCOMPARE(headers(dialog.rowsModel()).last(), kDamage);
        QCOMPARE(dialog.rowsModel()->rowCount(), 20);

        // An override through the Type cell's own editor: the view opens the combo box.
        auto *view = dialog.findChild<QTableView *>(QStringLiteral("importColumns"));
        QVERIFY(view);
        const QModelIndex time =
            dialog.columnModel()->index(dialog.columnModel()->rowOf(QStringLiteral("Time of day")),
                                        ui::ImportColumnModel::TypeColumn);
        view->setCurrentIndex(time);
        view->edit(time);
        auto *editor = qobject_cast<QComboBox *>(view->indexWidget(time));
        QVERIFY(editor);
        QCOMPARE(editor->itemText(0), QStringLiteral("auto (categorical)"));
        // A choice from the open list is taken as the list closes.
        editor->showPopup();
        editor->setCurrentIndex(editor->findData(int(ColumnType::Text)));
        editor->hidePopup();
        QCOMPARE(typeOf(dialog, QStringLiteral("Time of day")), QStringLiteral("text"));
        QVERIFY(dialog.isReading());
        QVERIFY(waitForPreview(dialog));

        // And one through the dialog's own call: an ignored column leaves the rows.
        QVERIFY(dialog.setColumnType(QStringLiteral("Wildlife Size"), ColumnType::Ignore));
        QVERIFY(!dialog.setColumnType(kDamage, ColumnType::Numeric)); // the label has no type
        QVERIFY(!dialog.setColumnType(QStringLiteral("nope"), ColumnType::Numeric));
        QVERIFY(waitForPreview(dialog));
        const auto options = dialog.options();
        QCOMPARE(options.labelColumn, kDamage.toStdString());
        QCOMPARE(options.columnTypes.size(), size_t(2));
        QVERIFY(options.columnTypes.at("Time of day") == ColumnType::Text);
        QVERIFY(options.columnTypes.at("Wildlife Size") == ColumnType::Ignore);
        QCOMPARE(typeOf(dialog, QStringLiteral("Wildlife Size")), QStringLiteral("ignore"));
        QVERIFY(!headers(dialog.rowsModel()).contains(QStringLiteral("Wildlife Size")));
        QCOMPARE(headers(dialog.rowsModel()).size(), 13);

        // Back to auto: the inferred type is named again; a column made the label loses its
        // override.
        QVERIFY(dialog.setColumnType(QStringLiteral("Wildlife Size"), std::nullopt));
        QCOMPARE(typeOf(dialog, QStringLiteral("Wildlife Size")),
                 QStringLiteral("auto (categorical)"));
        QVERIFY(dialog.setLabelColumn(QStringLiteral("Time of day")));
        QVERIFY(!dialog.setLabelColumn(QStringLiteral("nope")));
        QVERIFY(waitForPreview(dialog));
        QVERIFY(dialog.options().columnTypes.empty());
        QCOMPARE(typeOf(dialog, QStringLiteral("Time of day")),
                 QStringLiteral("label (4 classes)"));
    }

    // The task is the user's to choose: auto makes the speed (122 numbers) a regression target
    // and says so in the dialog's words; classification makes its values classes.
    void theTaskCanBeChosen()
    {
        ui::TableImportDialog dialog(m_birds);
        QVERIFY(waitForPreview(dialog));
        QCOMPARE(typeOf(dialog, dialog.labelColumn()), QStringLiteral("label (regression)"));
        QVERIFY(!dialog.options().task);
        QVERIFY2(dialog.notesText().contains(QStringLiteral("set the task to classification")),
                 qPrintable(dialog.notesText()));
        QVERIFY(!dialog.notesText().contains(QStringLiteral("--")));
        auto *task = dialog.findChild<QComboBox *>(QStringLiteral("importTask"));
        QVERIFY(task);
        task->setCurrentText(QStringLiteral("classification"));
        QVERIFY(waitForPreview(dialog));
        QVERIFY(dialog.options().task == datasets::Task::Classification);
        QVERIFY2(typeOf(dialog, dialog.labelColumn()).startsWith(QStringLiteral("label (122")),
                 qPrintable(typeOf(dialog, dialog.labelColumn())));
        QVERIFY(!dialog.notesText().contains(QStringLiteral("regression")));
    }

    void theNewestChoiceWins()
    {
        ui::TableImportDialog dialog(m_birds);
        QVERIFY(waitForPreview(dialog));
        QSignalSpy shown(&dialog, &ui::TableImportDialog::previewShown);
        // Three changes before any is read: the reads asked for in between are dropped.
        QVERIFY(dialog.setColumnType(QStringLiteral("Airport Name"), ColumnType::Numeric));
        QVERIFY(dialog.setColumnType(QStringLiteral("Airport Name"), std::nullopt));
        QVERIFY(dialog.setLabelColumn(kDamage));
        QVERIFY(dialog.isReading());
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("importSummary"))->text(),
                 QStringLiteral("Reading…"));
        QVERIFY(waitForPreview(dialog));
        QCOMPARE(shown.count(), 1);
        QVERIFY(dialog.errorText().isEmpty());
        QCOMPARE(typeOf(dialog, kDamage), QStringLiteral("label (6 classes)"));
        QCOMPARE(headers(dialog.rowsModel()).last(), kDamage);
    }

    void aTextColumnForcedNumericShowsTheImportersError()
    {
        ui::TableImportDialog dialog(m_birds);
        QVERIFY(waitForPreview(dialog));
        QVERIFY(dialog.setColumnType(QStringLiteral("Airport Name"), ColumnType::Numeric));
        QVERIFY(waitForPreview(dialog));
        const QString error = dialog.errorText();
        QVERIFY2(error.startsWith(QStringLiteral(
                     "birdstrikes.csv: line 2, column 1 ('Airport Name'): 'BARKSDALE")),
                 qPrintable(error));
        QVERIFY2(error.endsWith(QStringLiteral("is not a number")), qPrintable(error));
        auto *shown = dialog.findChild<QLabel *>(QStringLiteral("importError"));
        QVERIFY(shown && !shown->isHidden() && shown->text() == error);
        QVERIFY(!dialog.importButton()->isEnabled());
        QCOMPARE(dialog.rowsModel()->rowCount(), 0);
        // The columns stay listed, so the choice can be undone.
        QCOMPARE(dialog.columnModel()->rowCount(), 14);
        QCOMPARE(typeOf(dialog, QStringLiteral("Airport Name")), QStringLiteral("numeric"));
        QCOMPARE(typeOf(dialog, QStringLiteral("Flight Date")), QStringLiteral("auto (date)"));

        QVERIFY(dialog.setColumnType(QStringLiteral("Airport Name"), std::nullopt));
        QVERIFY(waitForPreview(dialog));
        QVERIFY(dialog.errorText().isEmpty());
        QVERIFY(shown->isHidden());
        QVERIFY(dialog.importButton()->isEnabled());
        QCOMPARE(dialog.rowsModel()->rowCount(), 20);
    }

    void anEmptyNameCannotImport()
    {
        ui::TableImportDialog dialog(m_iris);
        QVERIFY(waitForPreview(dialog));
        QVERIFY(dialog.importButton()->isEnabled());
        dialog.setDatasetName(QStringLiteral("  "));
        QVERIFY(!dialog.importButton()->isEnabled());
        dialog.setDatasetName(QStringLiteral("flowers"));
        QVERIFY(dialog.importButton()->isEnabled());
    }

    void worksByKeyboard()
    {
        ui::TableImportDialog dialog(m_iris);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QVERIFY(waitForPreview(dialog));
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("datasetName"));
        auto *label = dialog.findChild<QComboBox *>(QStringLiteral("labelColumn"));
        auto *task = dialog.findChild<QComboBox *>(QStringLiteral("importTask"));
        auto *columns = dialog.findChild<QTableView *>(QStringLiteral("importColumns"));
        auto *rows = dialog.findChild<QTableView *>(QStringLiteral("importRows"));
        QCOMPARE(QApplication::focusWidget(), name);
        // Tab order: name, label, task, columns, rows, Import.
        const QList<QWidget *> order = {label, task, columns, rows, dialog.importButton()};
        for (QWidget *next : order) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), next);
        }
        // Mnemonics.
        QTest::keyClick(&dialog, Qt::Key_L, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), label);
        QTest::keyClick(&dialog, Qt::Key_T, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), task);
        QTest::keyClick(&dialog, Qt::Key_O, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), columns);
        // In the columns table the keyboard stays on the Type cell; F2 opens its choices.
        QCOMPARE(columns->currentIndex().column(), int(ui::ImportColumnModel::TypeColumn));
        QTest::keyClick(columns, Qt::Key_Down);
        const QModelIndex sepalWidth = columns->currentIndex();
        QCOMPARE(sepalWidth.row(), 1);
        QTest::keyClick(columns, Qt::Key_F2);
        auto *editor = qobject_cast<QComboBox *>(columns->indexWidget(sepalWidth));
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_End); // the last choice: ignore
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!columns->indexWidget(sepalWidth));
        QVERIFY(dialog.isVisible()); // Enter in the editor chose a type, not Import
        QVERIFY(dialog.options().columnTypes.at("sepal_width") == ColumnType::Ignore);
        QVERIFY(waitForPreview(dialog));
        // Enter imports, from the table as from the name field.
        QCOMPARE(QApplication::focusWidget(), columns);
        QTest::keyClick(columns, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());

        ui::TableImportDialog named(m_iris);
        named.show();
        QVERIFY(QTest::qWaitForWindowActive(&named));
        QVERIFY(waitForPreview(named));
        QTest::keyClick(&named, Qt::Key_N, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), named.findChild<QLineEdit *>());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(named.result(), int(QDialog::Accepted));

        ui::TableImportDialog escaped(m_iris);
        escaped.show();
        QVERIFY(QTest::qWaitForWindowActive(&escaped));
        QTest::keyClick(&escaped, Qt::Key_Escape);
        QCOMPARE(escaped.result(), int(QDialog::Rejected));
        QVERIFY(!escaped.isVisible());
    }

    void fitsA1024x700Screen()
    {
        QWidget window;
        window.resize(1024, 700);
        ui::TableImportDialog dialog(m_birds, &window);
        QVERIFY(dialog.width() <= 1024 && dialog.height() <= 700);
        QVERIFY(dialog.minimumSizeHint().width() <= 1024);
        QVERIFY(dialog.minimumSizeHint().height() <= 700);
        dialog.resize(1024, 700);
        QCOMPARE(dialog.size(), QSize(1024, 700));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(waitForPreview(dialog));
        auto *columns = dialog.findChild<QTableView *>(QStringLiteral("importColumns"));
        auto *rows = dialog.findChild<QTableView *>(QStringLiteral("importRows"));
        QVERIFY(columns->height() >= 150);
        QVERIFY(rows->height() >= 100);
        QVERIFY(dialog.rect().contains(dialog.importButton()->geometry().bottomRight()));
        QCOMPARE(dialog.size(), QSize(1024, 700)); // what it shows asks for no more room
        QVERIFY(dialog.setColumnType(QStringLiteral("Airport Name"), ColumnType::Numeric));
        QVERIFY(waitForPreview(dialog));
        // DLLAB_TEST_GRAB_DIR=folder saves what it looks like with the importer's error.
        if (const QString dir = qEnvironmentVariable("DLLAB_TEST_GRAB_DIR"); !dir.isEmpty())
            dialog.grab().save(dir + QStringLiteral("/import-error.png"));
        QVERIFY(dialog.rect().contains(dialog.importButton()->geometry().bottomRight()));
    }

    void importingThroughTheWindowUsesTheChoices()
    {
        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        ui::MainWindow window(workspace.path().toStdString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Cancel imports nothing.
        QVERIFY(dllab::test::dropPaths(&window, {m_iris}));
        QPointer<ui::TableImportDialog> iris = window.findChild<ui::TableImportDialog *>();
        QVERIFY(iris && iris->isVisible());
        QCOMPARE(window.screenshotTarget(), iris.data());
        QVERIFY(waitForPreview(*iris));
        QCOMPARE(iris->labelColumn(), QStringLiteral("species"));
        iris->reject();
        QTRY_VERIFY(!iris);
        QVERIFY(window.jobsPanel()->rows().isEmpty());

        QVERIFY(dllab::test::dropPaths(&window, {m_birds}));
        auto *dialog = window.findChild<ui::TableImportDialog *>();
        QVERIFY(dialog);
        QVERIFY(waitForPreview(*dialog));
        dialog->setDatasetName(QStringLiteral("birds"));
        QVERIFY(dialog->setLabelColumn(kDamage));
        QVERIFY(dialog->setColumnType(QStringLiteral("Aircraft Make Model"), ColumnType::Ignore));
        QVERIFY(dialog->setColumnType(QStringLiteral("Cost Other"), ColumnType::Categorical));
        QVERIFY(waitForPreview(*dialog));
        QVERIFY(dialog->importButton()->isEnabled());
        dialog->importButton()->click();

        QTRY_VERIFY_WITH_TIMEOUT(dllab::test::newestJobEnded(window, 1), kJobTimeoutMs);
        QCOMPARE(dllab::test::newestJob(window)->name(), QStringLiteral("Import birds"));
        QCOMPARE(dllab::test::newestJob(window)->stateText(), QStringLiteral("done"));

        workspace::Database::ThreadPermit permit;
        workspace::Workspace ws(workspace.path().toStdString());
        const auto content = datasets::DatasetStore(ws).load("birds@v1");
        QCOMPARE(content.samples(), int64_t(10000));
        const std::vector<std::string> damage = {"B",     "C",    "Medium",
                                                 "Minor", "None", "Substantial"};
        QVERIFY(content.classNames == damage);
        const auto &columns = content.columnNames;
        QVERIFY(std::find(columns.begin(), columns.end(), "Aircraft Make Model") == columns.end());
        const auto speed = std::find(columns.begin(), columns.end(), "Speed IAS in knots");
        QVERIFY(speed != columns.end());
        QVERIFY(content.columnType(size_t(speed - columns.begin())) == ColumnType::Numeric);
        const auto cost = std::find(columns.begin(), columns.end(), "Cost Other");
        QVERIFY(content.columnType(size_t(cost - columns.begin())) == ColumnType::Categorical);
        QCOMPARE(columns.size(), size_t(12));
    }

private:
    QTemporaryDir m_scratch;
    QString m_birds, m_iris;
};

QTEST_MAIN(TestTableImportDialog)
#include "tst_table_import_dialog.moc"
