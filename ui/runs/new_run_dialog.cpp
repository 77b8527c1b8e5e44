#include "ui/runs/new_run_dialog.h"

#include "models/model_spec.h"
#include "training/run_spec.h"
#include "ui/runs/augment_panel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

using nlohmann::json;

namespace dllab::ui {

namespace {

const char *sizesKey(const QString &arch)
{
    return arch == QLatin1String("cnn")      ? "fc"
           : arch == QLatin1String("resnet") ? "channels"
                                             : "hidden";
}

// "256, 128" -> [256, 128]; anything else is passed on as text, so the engine's check names it.
json parseSizes(const QString &text)
{
    json list = json::array();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong value = part.trimmed().toLongLong(&ok);
        if (!ok)
            return text.toStdString();
        list.push_back(value);
    }
    return list;
}

json parseNumber(const QString &text)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    return ok ? json(value) : json(text.toStdString());
}

QString sizesText(const json &list)
{
    QStringList parts;
    if (list.is_array())
        for (const json &v : list)
            parts << QString::fromStdString(v.dump());
    return parts.join(QStringLiteral(", "));
}

} // namespace

NewRunDialog::NewRunDialog(std::vector<datasets::VersionInfo> versions, QWidget *parent,
                           std::filesystem::path workspaceDir)
    : QDialog(parent), m_versions(std::move(versions)), m_dataset(new QComboBox),
      m_arch(new QComboBox), m_optimizer(new QComboBox), m_schedule(new QComboBox),
      m_device(new QComboBox), m_sizes(new QLineEdit), m_lr(new QLineEdit),
      m_weightDecay(new QLineEdit), m_dropout(new QDoubleSpinBox),
      m_valFraction(new QDoubleSpinBox), m_epochs(new QSpinBox), m_batch(new QSpinBox),
      m_seed(new QSpinBox), m_sizesLabel(new QLabel), m_errorLabel(new QLabel),
      m_augment(new AugmentPanel(std::move(workspaceDir))),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("newRunDialog"));
    setWindowTitle(tr("New Run"));
    for (const auto &version : m_versions)
        m_dataset->addItem(QString::fromStdString(version.ref()));
    for (const std::string &arch : models::architectures())
        m_arch->addItem(QString::fromStdString(arch));
    m_optimizer->addItems({QStringLiteral("adam"), QStringLiteral("adamw"), QStringLiteral("sgd")});
    m_schedule->addItems({QStringLiteral("constant"), QStringLiteral("step"),
                          QStringLiteral("cosine"), QStringLiteral("onecycle")});
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setEditable(true); // cuda:N
    m_dropout->setRange(0.0, 0.95);
    m_dropout->setSingleStep(0.05);
    m_valFraction->setRange(0.0, 0.9);
    m_valFraction->setSingleStep(0.05);
    m_epochs->setRange(0, 100000);
    m_epochs->setSpecialValueText(tr("auto"));
    m_epochs->setToolTip(tr("auto: 5 epochs for images; for a table about 400 optimizer steps "
                            "(5 to 100 epochs), as small tables need more passes"));
    m_batch->setRange(1, 1 << 20);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_sizes->setPlaceholderText(QStringLiteral("256, 128"));
    m_errorLabel->setObjectName(QStringLiteral("specError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    // Room for two lines whether or not there is an error, so the form does not jump.
    m_errorLabel->setMinimumHeight(2 * m_errorLabel->fontMetrics().lineSpacing());
    m_errorLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // Each row with the spec paths whose errors it shows.
    auto *form = new QFormLayout;
    const auto row = [&](const QString &label, QWidget *field, const QStringList &paths) {
        form->addRow(label, field);
        for (const QString &path : paths)
            m_fields.insert(path, field);
    };
    row(tr("Dataset version:"), m_dataset, {QStringLiteral("dataset")});
    row(tr("Model:"), m_arch, {QStringLiteral("model.arch"), QStringLiteral("model.blocks")});
    form->addRow(m_sizesLabel, m_sizes);
    for (const char *sizes : {"model.hidden", "model.fc", "model.channels"})
        m_fields.insert(QLatin1String(sizes), m_sizes);
    row(tr("Dropout:"), m_dropout, {QStringLiteral("model.dropout")});
    row(tr("Optimizer:"), m_optimizer, {QStringLiteral("optimizer.name")});
    row(tr("Learning rate:"), m_lr, {QStringLiteral("optimizer.lr")});
    row(tr("Weight decay:"), m_weightDecay, {QStringLiteral("optimizer.weight_decay")});
    row(tr("Schedule:"), m_schedule, {QStringLiteral("schedule")});
    row(tr("Epochs:"), m_epochs, {QStringLiteral("epochs")});
    row(tr("Batch size:"), m_batch, {QStringLiteral("batch_size")});
    row(tr("Device:"), m_device, {QStringLiteral("device")});
    row(tr("Seed:"), m_seed, {QStringLiteral("seed")});
    row(tr("Validation fraction:"), m_valFraction, {QStringLiteral("val_fraction")});
    m_fields.insert(QStringLiteral("augment"), m_augment);
    // The augmentation beside the form, so the dialog fits a 700 px high screen.
    auto *columns = new QHBoxLayout;
    columns->addLayout(form);
    columns->addWidget(m_augment, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_arch, &QComboBox::currentTextChanged, this, [this](const QString &arch) {
        m_sizes->setText(sizesText(models::defaultModelSpec(arch.toStdString())[sizesKey(arch)]));
        updateSizesLabel();
    });
    for (QComboBox *combo : {m_dataset, m_arch, m_optimizer, m_schedule, m_device})
        connect(combo, &QComboBox::currentTextChanged, this, &NewRunDialog::validate);
    for (QLineEdit *edit : {m_sizes, m_lr, m_weightDecay})
        connect(edit, &QLineEdit::textChanged, this, &NewRunDialog::validate);
    for (QDoubleSpinBox *spin : {m_dropout, m_valFraction})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &NewRunDialog::validate);
    for (QSpinBox *spin : {m_epochs, m_batch, m_seed})
        connect(spin, &QSpinBox::valueChanged, this, &NewRunDialog::validate);
    connect(m_augment, &AugmentPanel::changed, this, &NewRunDialog::validate);

    json defaults = training::defaultRunSpec();
    defaults["dataset"] = m_versions.empty() ? "" : m_versions.back().ref();
    defaults.erase("epochs"); // "auto": the engine sizes a table's training (training::createRun)
    setSpec(defaults);
}

void NewRunDialog::setSpec(const json &spec)
{
    // Defaults under the given spec, so a partial spec fills the whole form too.
    json full = training::defaultRunSpec();
    if (spec.is_object()) {
        for (const auto &[key, value] : spec.items()) {
            if (value.is_object() && full.contains(key) && full[key].is_object())
                full[key].update(value);
            else
                full[key] = value;
        }
    }
    const QString dataset = QString::fromStdString(full.value("dataset", std::string()));
    if (!dataset.isEmpty() && m_dataset->findText(dataset) < 0)
        m_dataset->addItem(dataset); // a version no longer listed; the check will say so
    m_dataset->setCurrentText(dataset);
    const json model = full.value("model", json::object());
    const QString arch = QString::fromStdString(model.value("arch", std::string("mlp")));
    m_arch->blockSignals(true);
    m_arch->setCurrentText(arch);
    m_arch->blockSignals(false);
    const json defaults = models::defaultModelSpec(arch.toStdString());
    m_sizes->setText(sizesText(model.value(sizesKey(arch), defaults[sizesKey(arch)])));
    m_dropout->setValue(model.value("dropout", 0.0));
    const json &opt = full["optimizer"];
    m_optimizer->setCurrentText(QString::fromStdString(opt.value("name", std::string("adam"))));
    m_lr->setText(QString::number(opt.value("lr", 1e-3), 'g', 6));
    m_weightDecay->setText(QString::number(opt.value("weight_decay", 0.0), 'g', 6));
    m_schedule->setCurrentText(
        QString::fromStdString(full["schedule"].value("name", std::string("constant"))));
    // Only an epoch count the spec names; without one the engine chooses (shown as "auto").
    m_epochs->setValue(
        spec.is_object() && spec.contains("epochs") ? int(full.value("epochs", int64_t(5))) : 0);
    m_batch->setValue(int(full.value("batch_size", int64_t(128))));
    m_device->setCurrentText(QString::fromStdString(full.value("device", std::string("auto"))));
    m_seed->setValue(int(full.value("seed", uint64_t(0))));
    m_valFraction->setValue(full.value("val_fraction", 0.1));
    m_augment->setAugment(full.value("augment", json()));
    m_base = full;
    updateSizesLabel();
    validate();
}

json NewRunDialog::spec() const
{
    json spec =
        m_base; // keeps fields the form does not show (clip, early stopping, schedule details)
    spec["dataset"] = m_dataset->currentText().toStdString();
    const QString arch = m_arch->currentText();
    json model = m_base.contains("model")
                         && m_base["model"].value("arch", std::string()) == arch.toStdString()
                     ? m_base["model"]
                     : json{{"arch", arch.toStdString()}};
    model[sizesKey(arch)] = parseSizes(m_sizes->text());
    model["dropout"] = m_dropout->value();
    spec["model"] = model;
    spec["optimizer"]["name"] = m_optimizer->currentText().toStdString();
    spec["optimizer"]["lr"] = parseNumber(m_lr->text());
    spec["optimizer"]["weight_decay"] = parseNumber(m_weightDecay->text());
    spec["schedule"]["name"] = m_schedule->currentText().toStdString();
    if (m_epochs->value() > 0)
        spec["epochs"] = m_epochs->value();
    else
        spec.erase("epochs");
    spec["batch_size"] = m_batch->value();
    spec["device"] = m_device->currentText().toStdString();
    spec["seed"] = m_seed->value();
    spec["val_fraction"] = m_valFraction->value();
    spec["augment"] = m_augment->isHidden() ? json() : m_augment->augment();
    return spec;
}

QWidget *NewRunDialog::fieldFor(const QString &path) const
{
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const QString &key = it.key();
        if (path == key || path.startsWith(key + QLatin1Char('.'))
            || path.startsWith(key + QLatin1Char('[')))
            return it.value();
    }
    return nullptr;
}

void NewRunDialog::validate()
{
    updateAugment(); // first: a table version's spec has no "augment"
    QString error;
    try {
        training::checkRunSpec(spec(), m_versions);
    } catch (const std::exception &e) {
        error = QString::fromUtf8(e.what());
    }
    if (m_versions.empty())
        error = tr("Import a dataset first: drop a folder of images or a CSV file on the window "
                   "(or File ▸ Import…).");
    updateValFraction();
    if (m_errorField)
        m_errorField->setStyleSheet(QString());
    m_error = error;
    QString path = error;
    path.remove(QStringLiteral("run spec: "));
    path = path.section(QLatin1Char(' '), 0, 0);
    m_errorField = error.isEmpty()                              ? nullptr
                   : error.startsWith(QLatin1String("dataset")) ? m_dataset
                                                                : fieldFor(path);
    if (m_errorField) {
        m_errorField->setStyleSheet(QStringLiteral("border: 1px solid #c62828;"));
        m_errorField->setToolTip(error);
    }
    m_errorLabel->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

// A version with its own val split trains with it; the fraction would be ignored, so say so.
void NewRunDialog::updateValFraction()
{
    const std::string ref = m_dataset->currentText().toStdString();
    const auto version = std::find_if(m_versions.begin(), m_versions.end(),
                                      [&](const auto &v) { return v.ref() == ref; });
    const bool ownVal = version != m_versions.end() && version->splits.count("val") > 0;
    m_valFraction->setEnabled(!ownVal);
    m_valFraction->setToolTip(
        ownVal ? tr("%1 has its own val split (%2 samples): the run validates on it, so no "
                    "fraction of train is held out.")
                     .arg(QString::fromStdString(ref))
                     .arg(version->splits.at("val"))
               : tr("The share of the training split held out to validate on, stratified by "
                    "class."));
}

// Augmentation is for images; the grid follows the chosen version.
void NewRunDialog::updateAugment()
{
    const std::string ref = m_dataset->currentText().toStdString();
    const auto version = std::find_if(m_versions.begin(), m_versions.end(),
                                      [&](const auto &v) { return v.ref() == ref; });
    const bool images =
        version != m_versions.end() && version->kind == datasets::DatasetKind::Image;
    m_augment->setHidden(!images);
    if (images)
        m_augment->setVersion(QString::fromStdString(ref));
}

void NewRunDialog::updateSizesLabel()
{
    const QString arch = m_arch->currentText();
    m_sizesLabel->setText(arch == QLatin1String("cnn")      ? tr("FC sizes:")
                          : arch == QLatin1String("resnet") ? tr("Stage channels:")
                                                            : tr("Hidden sizes:"));
}

} // namespace dllab::ui
