#include "ui/runs/export_dialog.h"

#include "export/exporter.h"
#include "ui/shell/job_runner.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

using nlohmann::json;

namespace dllab::ui {

namespace {

QCheckBox *formatBox(const QString &text, const QString &format, const QString &tip)
{
    auto *box = new QCheckBox(text);
    box->setObjectName(format + QStringLiteral("Check"));
    box->setProperty("format", format);
    box->setToolTip(tip);
    box->setChecked(true);
    return box;
}

QString seconds(double ms) { return QString::number(ms / 1000.0, 'f', 2) + QStringLiteral(" s"); }

} // namespace

ExportDialog::ExportDialog(std::filesystem::path workspaceDir, qint64 runId, const QString &runName,
                           QWidget *parent)
    : QDialog(parent), m_workspaceDir(std::move(workspaceDir)), m_runId(runId), m_runName(runName),
      m_torchscript(
          formatBox(tr("TorchScript (model.pt)"), QStringLiteral("torchscript"),
                    tr("Loads with torch.jit.load in Python and torch::jit::load in C++."))),
      m_onnx(formatBox(tr("ONNX (model.onnx)"), QStringLiteral("onnx"),
                       tr("Runs in ONNX Runtime and anything else that reads ONNX."))),
      m_torchserve(formatBox(tr("TorchServe archive (.mar)"), QStringLiteral("torchserve"),
                             tr("A torch-model-archiver layout with a handler for our inputs."))),
      m_triton(formatBox(tr("Triton model repository"), QStringLiteral("triton"),
                         tr("config.pbtxt with the TorchScript and ONNX variants."))),
      m_folder(new QLineEdit), m_replace(new QCheckBox(tr("Replace the folder if it exists"))),
      m_progress(new QProgressBar), m_status(new QLabel), m_parity(new QLabel),
      m_files(new QTableWidget(0, 2)), m_export(new QPushButton(tr("Export"))),
      m_openFolder(new QPushButton(tr("Open folder"))),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Close))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(runName));
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_parity->setObjectName(QStringLiteral("exportParity"));
    m_files->setObjectName(QStringLiteral("exportFiles"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parity->setWordWrap(true);
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_files->setHorizontalHeaderLabels({tr("File"), tr("Size")});
    m_files->verticalHeader()->hide();
    m_files->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_files->setSelectionMode(QAbstractItemView::NoSelection);
    m_files->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_files->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_openFolder->setEnabled(false);

    const QString defaultFolder = QString::fromStdString(
        (m_workspaceDir / "exports" / exporting::servingModelName(runName.toStdString())).string());
    m_folder->setText(defaultFolder);

    auto *title = new QLabel(QStringLiteral("<b>%1</b>").arg(runName.toHtmlEscaped()));
    auto *formats = new QGroupBox(tr("Formats"));
    auto *formatLayout = new QVBoxLayout(formats);
    for (QCheckBox *box : {m_torchscript, m_onnx, m_torchserve, m_triton})
        formatLayout->addWidget(box);

    auto *browse = new QPushButton(tr("Browse…"));
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Folder"), folderRow);
    form->addRow(QString(), m_replace);

    auto *actionRow = new QHBoxLayout;
    actionRow->addWidget(m_export);
    actionRow->addWidget(m_openFolder);
    actionRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(formats);
    layout->addLayout(form);
    layout->addLayout(actionRow);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_parity);
    layout->addWidget(m_files, 1);
    layout->addWidget(m_buttons);
    m_files->verticalHeader()->setDefaultSectionSize(m_files->fontMetrics().height() + 8);
    setMinimumWidth(600);
    resize(640, 680); // room for a full export's eleven files

    connect(browse, &QPushButton::clicked, this, &ExportDialog::chooseFolder);
    connect(m_export, &QPushButton::clicked, this, [this] { startExport(); });
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        // Without a file manager (a bare desktop, a remote session) say where the files are.
        const QString folder = m_report.is_object()
                                   ? QString::fromStdString(m_report.value("out", std::string()))
                                   : outputFolder();
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
            m_status->setText(
                tr("No file manager could open the folder; the files are in %1.").arg(folder));
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::rejected, this, [this] {
        if (m_job)
            m_job->cancel(); // export checks between formats; nothing half-written is left
    });
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setOutputFolder(const QString &folder) { m_folder->setText(folder); }
QString ExportDialog::outputFolder() const { return m_folder->text().trimmed(); }
void ExportDialog::setReplaceExisting(bool replace) { m_replace->setChecked(replace); }
void ExportDialog::setJobOwner(QObject *owner) { m_jobOwner = owner; }

void ExportDialog::setFormatChecked(const QString &format, bool checked)
{
    for (QCheckBox *box : {m_torchscript, m_onnx, m_torchserve, m_triton})
        if (box->property("format").toString() == format)
            box->setChecked(checked);
}

bool ExportDialog::isExporting() const { return m_job && !m_job->isFinished(); }

void ExportDialog::chooseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export into"), outputFolder());
    if (!dir.isEmpty())
        m_folder->setText(dir);
}

void ExportDialog::setBusy(bool busy)
{
    // Disabling the focused Export button hands the keys on (to Browse…, where Enter would open
    // a file dialog); they come back where they were once the export ends.
    if (busy)
        m_keysBeforeBusy = focusWidget();
    m_export->setEnabled(!busy);
    for (QCheckBox *box : {m_torchscript, m_onnx, m_torchserve, m_triton, m_replace})
        box->setEnabled(!busy);
    m_folder->setEnabled(!busy);
    if (!busy && m_keysBeforeBusy)
        m_keysBeforeBusy->setFocus();
}

JobRunner *ExportDialog::startExport()
{
    if (isExporting())
        return nullptr;
    exporting::ExportOptions options;
    for (QCheckBox *box : {m_torchscript, m_onnx, m_torchserve, m_triton})
        if (box->isChecked())
            options.formats.push_back(
                exporting::parseExportFormats(box->property("format").toString().toStdString())
                    .front());
    m_status->setStyleSheet({});
    if (options.formats.empty()) {
        m_status->setText(tr("Choose at least one format."));
        return nullptr;
    }
    if (outputFolder().isEmpty()) {
        m_status->setText(tr("Choose a folder to export into."));
        return nullptr;
    }
    options.out = outputFolder().toStdString();
    options.force = m_replace->isChecked();

    // The last export's files and parity stay until this one has its own.
    // Not the dialog's child: deleting a running JobRunner joins its thread, and the dialog is
    // deleted when it closes. The work holds only copies and the shared result.
    m_job = new JobRunner(tr("Export %1").arg(m_runName),
                          m_jobOwner ? m_jobOwner.data() : QCoreApplication::instance());
    connect(m_job, &JobRunner::finished, m_job, &QObject::deleteLater);
    connect(m_job, &JobRunner::progressed, this, [this](double fraction, const QString &message) {
        m_progress->setValue(int(fraction * 100));
        m_status->setText(message);
    });
    connect(m_job, &JobRunner::finished, this,
            [this, job = m_job](JobState state, const QString &message) {
                const json *report = std::any_cast<json>(&job->result());
                onFinished(state, message, report ? *report : json());
            });
    setBusy(true);
    m_status->setText(tr("Exporting…"));
    m_job->start([dir = m_workspaceDir, runId = m_runId, options](const JobContext &ctx) {
        workspace::Workspace ws(dir);
        try {
            return JobRunner::End{
                JobState::Done, {}, exporting::exportRun(ws, std::to_string(runId), options, ctx)};
        } catch (const exporting::OutputNotEmpty &e) {
            throw Error(e.what() + tr(" (tick \"Replace the folder if it exists\")").toStdString());
        }
    });
    Q_EMIT exportStarted(m_job);
    return m_job;
}

void ExportDialog::onFinished(JobState state, const QString &message, json report)
{
    setBusy(false);
    if (state != JobState::Done) {
        m_progress->setValue(0);
        m_status->setStyleSheet(QStringLiteral("color: #b42318;"));
        m_status->setText(state == JobState::Cancelled
                              ? tr("Export cancelled; nothing was written.")
                              : tr("Export failed: %1").arg(message));
        return;
    }
    m_report = std::move(report);
    showReport();
}

void ExportDialog::showReport()
{
    const QLocale locale;
    m_progress->setValue(100);
    const json &timings = m_report["timings"];
    m_status->setText(tr("Exported to %1 in %2.")
                          .arg(QString::fromStdString(m_report.value("out", std::string())))
                          .arg(seconds(timings.value("total_ms", 0.0))));
    const json &parity = m_report["parity"];
    const double diff = m_report.value("max_abs_diff", 0.0);
    m_parity->setText(
        tr("Parity ✓ — the exported TorchScript, loaded back, matches the trained model on %1: "
           "max |Δ logit| = %2 (limit %3).")
            .arg(QString::fromStdString(parity.value("data", std::string("the dataset"))))
            .arg(diff, 0, 'g', 3)
            .arg(parity.value("tolerance", 1e-4), 0, 'g', 3));
    m_parity->setStyleSheet(QStringLiteral("color: #067647;"));
    const json &files = m_report["files"];
    m_files->setRowCount(int(files.size()));
    for (int row = 0; row < int(files.size()); ++row) {
        const json &file = files[size_t(row)];
        m_files->setItem(
            row, 0, new QTableWidgetItem(QString::fromStdString(file["path"].get<std::string>())));
        auto *size = new QTableWidgetItem(locale.formattedDataSize(file["bytes"].get<qint64>()));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_files->setItem(row, 1, size);
    }
    m_openFolder->setEnabled(true);
}

} // namespace dllab::ui
