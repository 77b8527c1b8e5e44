#include "ui/sweeps/new_sweep_dialog.h"

#include "models/model_spec.h"
#include "training/run_spec.h"
#include "training/sweep/sweep_spec.h"
#include "ui/runs/new_run_dialog.h"
#include "ui/sweeps/param_table_editor.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

using nlohmann::json;

namespace dllab::ui {

namespace {

const char *const kErrorStyle = "border: 1px solid #c62828;";

QSpinBox *spin(int min, int max, int value)
{
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    return box;
}

} // namespace

NewSweepDialog::NewSweepDialog(std::vector<datasets::VersionInfo> versions, QWidget *parent)
    : QDialog(parent), m_versions(std::move(versions)), m_name(new QLineEdit),
      m_dataset(new QComboBox), m_arch(new QComboBox), m_metric(new QComboBox),
      m_goal(new QComboBox), m_algorithm(new QComboBox), m_earlyStopping(new QComboBox),
      m_epochs(spin(1, 100000, 10)), m_seed(spin(0, std::numeric_limits<int>::max(), 0)),
      m_maxTrials(spin(1, 100000, 20)), m_parallel(spin(1, 64, 1)),
      m_maxFailed(spin(-1, 100000, 3)), m_moreBase(new QPushButton(tr("More run settings…"))),
      m_params(new ParamTableEditor), m_preview(new QPlainTextEdit), m_errorLabel(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("newSweepDialog"));
    setWindowTitle(tr("New Sweep"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Sweep"));
    m_name->setText(QDateTime::currentDateTime().toString(QStringLiteral("'sweep-'MMdd-hhmmss")));
    m_errorLabel->setObjectName(QStringLiteral("sweepSpecError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_preview->setObjectName(QStringLiteral("sweepSpecPreview"));
    m_preview->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(m_preview->font().pointSizeF() * 0.9);
    m_preview->setFont(mono);

    auto *form = new QFormLayout;
    form->addRow(tr("Sweep name:"), m_name);
    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(createBaseRunBox());
    left->addWidget(createSearchBox());
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Parameters:")));
    right->addWidget(m_params, 3);
    right->addWidget(new QLabel(tr("Sweep spec (as stored; dllab-cli sweep run takes the same):")));
    right->addWidget(m_preview, 2);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);

    m_params->addParameter(QStringLiteral("optimizer.lr"), QStringLiteral("double"),
                           QStringLiteral("1e-4"), QStringLiteral("1e-1"), true);
    m_params->addParameter(QStringLiteral("model.hidden.0"), QStringLiteral("int"),
                           QStringLiteral("16"), QStringLiteral("256"), true);
    m_params->addParameter(QStringLiteral("batch_size"), QStringLiteral("categorical"), {}, {},
                           false, QStringLiteral("16, 32, 64"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_moreBase, &QPushButton::clicked, this, &NewSweepDialog::editBaseRun);
    connect(m_arch, &QComboBox::currentTextChanged, this, [this](const QString &arch) {
        m_base["model"] = models::defaultModelSpec(arch.toStdString());
        validate();
    });
    connect(m_metric, &QComboBox::currentTextChanged, this, [this](const QString &metric) {
        // A loss is minimised, an accuracy maximised; the user may still say otherwise.
        m_goal->setCurrentText(metric.contains(QLatin1String("loss")) ? QStringLiteral("minimize")
                                                                      : QStringLiteral("maximize"));
        validate();
    });
    connect(m_name, &QLineEdit::textChanged, this, &NewSweepDialog::validate);
    for (QComboBox *combo : {m_dataset, m_goal, m_algorithm, m_earlyStopping})
        connect(combo, &QComboBox::currentTextChanged, this, &NewSweepDialog::validate);
    for (QSpinBox *box : {m_epochs, m_seed, m_maxTrials, m_parallel, m_maxFailed})
        connect(box, &QSpinBox::valueChanged, this, &NewSweepDialog::validate);
    connect(m_params, &ParamTableEditor::changed, this, &NewSweepDialog::validate);

    json base = training::defaultRunSpec();
    base["dataset"] = m_versions.empty() ? "" : m_versions.back().ref();
    setBaseRun(base);
    resize(1000, 640);
}

QWidget *NewSweepDialog::createBaseRunBox()
{
    for (const auto &version : m_versions)
        m_dataset->addItem(QString::fromStdString(version.ref()));
    for (const std::string &arch : models::architectures())
        m_arch->addItem(QString::fromStdString(arch));
    m_moreBase->setObjectName(QStringLiteral("editBaseRunButton"));
    m_moreBase->setToolTip(tr("Optimizer, schedule, sizes, seed… in the New Run dialog; the "
                              "parameters below are set over them in each trial"));
    auto *box = new QGroupBox(tr("Base run (each trial's run spec)"));
    auto *form = new QFormLayout(box);
    form->addRow(tr("Dataset version:"), m_dataset);
    form->addRow(tr("Model:"), m_arch);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(QString(), m_moreBase);
    return box;
}

QWidget *NewSweepDialog::createSearchBox()
{
    m_metric->setEditable(true);
    m_metric->addItems(
        {QStringLiteral("val_accuracy"), QStringLiteral("val_loss"), QStringLiteral("train_loss")});
    m_goal->addItems({QStringLiteral("maximize"), QStringLiteral("minimize")});
    // The item data is the spec's algorithm (name and settings); the text is what the user reads.
    m_algorithm->addItem(QStringLiteral("tpe"), QStringLiteral(R"({"name": "tpe"})"));
    m_algorithm->addItem(tr("tpe (multivariate)"),
                         QStringLiteral(R"({"name": "tpe", "multivariate": true})"));
    m_algorithm->addItem(QStringLiteral("random"), QStringLiteral(R"({"name": "random"})"));
    m_algorithm->addItem(QStringLiteral("grid"), QStringLiteral(R"({"name": "grid"})"));
    m_earlyStopping->addItems(
        {QStringLiteral("none"), QStringLiteral("median"), QStringLiteral("asha")});
    m_earlyStopping->setToolTip(tr("median: stop a trial whose value at an epoch is worse than the "
                                   "median of earlier trials there; asha: successive halving"));
    m_maxFailed->setSpecialValueText(tr("no limit"));
    auto *box = new QGroupBox(tr("Search"));
    auto *form = new QFormLayout(box);
    auto *objective = new QHBoxLayout;
    objective->addWidget(m_metric, 1);
    objective->addWidget(m_goal);
    form->addRow(tr("Objective:"), objective);
    auto *algorithm = new QHBoxLayout;
    algorithm->addWidget(m_algorithm, 1);
    algorithm->addWidget(new QLabel(tr("seed")));
    algorithm->addWidget(m_seed);
    form->addRow(tr("Algorithm:"), algorithm);
    form->addRow(tr("Trials (maxTrialCount):"), m_maxTrials);
    form->addRow(tr("In parallel (parallelTrialCount):"), m_parallel);
    form->addRow(tr("Failures allowed (maxFailedTrialCount):"), m_maxFailed);
    form->addRow(tr("Early stopping:"), m_earlyStopping);
    return box;
}

void NewSweepDialog::setBaseRun(const json &runSpec)
{
    m_base = runSpec.is_object() ? runSpec : json::object();
    const QString dataset = QString::fromStdString(m_base.value("dataset", std::string()));
    if (!dataset.isEmpty() && m_dataset->findText(dataset) < 0)
        m_dataset->addItem(dataset); // no longer listed; the check will say so
    const QSignalBlocker blockDataset(m_dataset), blockArch(m_arch), blockEpochs(m_epochs);
    m_dataset->setCurrentText(dataset);
    m_arch->setCurrentText(QString::fromStdString(
        m_base.value("model", json::object()).value("arch", std::string("mlp"))));
    m_epochs->setValue(int(m_base.value("epochs", int64_t(10))));
    validate();
}

json NewSweepDialog::baseRun() const
{
    json base = m_base;
    base["dataset"] = m_dataset->currentText().toStdString();
    if (!base.contains("model") || !base["model"].is_object())
        base["model"] = models::defaultModelSpec(m_arch->currentText().toStdString());
    base["model"]["arch"] = m_arch->currentText().toStdString();
    base["epochs"] = m_epochs->value();
    return base;
}

json NewSweepDialog::spec() const
{
    json algorithm = json::parse(m_algorithm->currentData().toString().toStdString());
    algorithm["seed"] = m_seed->value();
    json spec{{"name", m_name->text().trimmed().toStdString()},
              {"objective",
               {{"metric", m_metric->currentText().trimmed().toStdString()},
                {"goal", m_goal->currentText().toStdString()}}},
              {"algorithm", algorithm},
              {"parameters", m_params->toJson()},
              {"maxTrialCount", m_maxTrials->value()},
              {"parallelTrialCount", m_parallel->value()},
              {"earlyStopping", {{"name", m_earlyStopping->currentText().toStdString()}}},
              {"trial", {{"run", baseRun()}}}};
    if (m_maxFailed->value() >= 0)
        spec["maxFailedTrialCount"] = m_maxFailed->value();
    return spec;
}

void NewSweepDialog::editBaseRun()
{
    auto *dialog = new NewRunDialog(m_versions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Base run of the sweep"));
    dialog->setSpec(baseRun());
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setBaseRun(dialog->spec()); });
    dialog->open();
}

// The widget an engine message is about; *row is the parameter's row when it names one.
QWidget *NewSweepDialog::fieldFor(const QString &message, int *row) const
{
    *row = -1;
    static const QRegularExpression parameter(QStringLiteral("parameter \"?([^\":]+)\"?:"));
    const auto match = parameter.match(message);
    if (match.hasMatch()) {
        *row = m_params->rowOf(match.captured(1).trimmed());
        return m_params;
    }
    const QString field =
        QString(message).remove(QStringLiteral("sweep spec: ")).section(QLatin1Char(' '), 0, 0);
    // The spec's field the message starts with, else a word it contains.
    const std::pair<const char *, QWidget *> fields[] = {{"parameters", m_params},
                                                         {"name", m_name},
                                                         {"objective", m_metric},
                                                         {"maxTrialCount", m_maxTrials},
                                                         {"parallelTrialCount", m_parallel},
                                                         {"maxFailedTrialCount", m_maxFailed}};
    for (const auto &[name, widget] : fields)
        if (field.startsWith(QLatin1String(name)))
            return widget;
    const std::pair<const char *, QWidget *> words[] = {{"algorithm", m_algorithm},
                                                        {"early stopping", m_earlyStopping},
                                                        {"epochs", m_epochs},
                                                        {"model", m_arch},
                                                        {"dataset", m_dataset}};
    for (const auto &[word, widget] : words)
        if (message.contains(QLatin1String(word)))
            return widget;
    return field.startsWith(QLatin1String("trial")) ? m_moreBase : nullptr;
}

void NewSweepDialog::validate()
{
    QString error;
    const json s = spec();
    try {
        sweep::SweepSpec::fromJson(s);
        training::checkRunSpec(baseRun(), m_versions);
    } catch (const std::exception &e) {
        error = QString::fromUtf8(e.what());
    }
    if (m_errorField)
        m_errorField->setStyleSheet(QString());
    m_error = error;
    m_errorField = error.isEmpty() ? nullptr : fieldFor(error, &m_errorRow);
    if (error.isEmpty())
        m_errorRow = -1;
    m_params->markRow(m_errorRow);
    if (m_errorField && m_errorField != m_params)
        m_errorField->setStyleSheet(QString::fromLatin1(kErrorStyle));
    m_errorLabel->setText(error);
    m_errorLabel->setVisible(!error.isEmpty());
    m_preview->setPlainText(QString::fromStdString(s.dump(2)));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

} // namespace dllab::ui
