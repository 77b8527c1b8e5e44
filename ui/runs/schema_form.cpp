#include "ui/runs/schema_form.h"

#include "ui/datasets/dataset_tree_model.h"

#include <QLocale>

#include <algorithm>

namespace dllab::ui {

namespace {

constexpr int kMaxListedClasses = 40;
constexpr int kMaxListedSources = 5;

QString qs(const std::string &text) { return QString::fromStdString(text); }
QString count(int64_t n) { return QLocale().toString(qlonglong(n)); }
QString number(double value) { return QString::number(value, 'g', 4); }

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t dimension : shape)
        parts << QString::number(dimension);
    return parts.join(QStringLiteral(" × "));
}

QString classesText(const std::vector<std::string> &classes)
{
    QStringList names;
    for (size_t i = 0; i < classes.size() && i < size_t(kMaxListedClasses); ++i)
        names << qs(classes[i]);
    QString text =
        QStringLiteral("%1: %2").arg(classes.size()).arg(names.join(QStringLiteral(", ")));
    if (classes.size() > size_t(kMaxListedClasses))
        text += QStringLiteral(", …");
    return text;
}

QString splitsText(const std::map<std::string, int64_t> &splits)
{
    if (splits.empty())
        return QObject::tr("none (one pool of samples)");
    QStringList parts;
    for (const auto &[name, size] : splits)
        parts << QStringLiteral("%1 %2").arg(qs(name), count(size));
    return parts.join(QStringLiteral(" · "));
}

QString normalisationText(const datasets::VersionInfo &version)
{
    const bool image = version.kind == datasets::DatasetKind::Image;
    QStringList lines;
    for (size_t i = 0; i < version.mean.size() && i < version.std.size(); ++i) {
        QString what = image ? QObject::tr("channel %1").arg(i)
                             : (i < version.columns.size() ? qs(version.columns[i])
                                                           : QObject::tr("feature %1").arg(i));
        lines << QObject::tr("%1: %2 ± %3")
                     .arg(what, number(version.mean[i]), number(version.std[i]));
    }
    return lines.isEmpty() ? QObject::tr("none") : lines.join(QLatin1Char('\n'));
}

// Per column of a typed table: its type, missing cells and what its values span.
QString columnsText(const datasets::VersionInfo &version)
{
    QStringList lines;
    for (const auto &column : version.columnStats) {
        QString line =
            QObject::tr("%1: %2").arg(qs(column.value("name", "")), qs(column.value("type", "")));
        if (const int64_t missing = column.value("missing", int64_t(0)); missing > 0)
            line += QObject::tr(", %1 missing").arg(count(missing));
        if (column.contains("min"))
            line +=
                QObject::tr(", %1 to %2")
                    .arg(number(column["min"].get<double>()), number(column["max"].get<double>()));
        if (column.contains("first"))
            line += QObject::tr(", %1 to %2")
                        .arg(qs(column.value("first", "")), qs(column.value("last", "")));
        if (column.contains("values"))
            line += QObject::tr(", %1 values").arg(column["values"].size());
        if (column.contains("distinct"))
            line += QObject::tr(", %1 distinct").arg(column["distinct"].get<int64_t>());
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

bool typedColumns(const datasets::VersionInfo &version)
{
    return std::any_of(version.columnStats.begin(), version.columnStats.end(),
                       [](const auto &column) {
                           return column.value("type", "numeric") != "numeric"
                                  || column.value("missing", int64_t(0)) > 0;
                       });
}

// The folder they share once, then each source relative to it: full paths repeat themselves and
// an image folder has thousands of files, of which the first few say enough.
QString sourcesText(const std::vector<std::string> &sources)
{
    if (sources.empty())
        return QObject::tr("none");
    if (sources.size() == 1)
        return qs(sources.front());
    QString common = qs(sources.front());
    common.truncate(common.lastIndexOf(QLatin1Char('/')) + 1);
    for (const auto &source : sources) {
        while (!common.isEmpty() && !qs(source).startsWith(common)) {
            common.chop(1);
            common.truncate(common.lastIndexOf(QLatin1Char('/')) + 1);
        }
    }
    if (common.size() <= 1) // nothing shared but the root
        common.clear();
    QStringList lines;
    if (!common.isEmpty())
        lines << common;
    for (size_t i = 0; i < sources.size() && i < size_t(kMaxListedSources); ++i)
        lines << qs(sources[i]).mid(common.size());
    if (sources.size() > size_t(kMaxListedSources))
        lines
            << QObject::tr("… and %1 more").arg(count(int64_t(sources.size() - kMaxListedSources)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

SchemaForm::SchemaForm(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("schemaForm"));
    setFrameShape(QFrame::NoFrame);
    setOpenLinks(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    viewport()->setAutoFillBackground(false);
    document()->setDocumentMargin(6);
    clear();
}

void SchemaForm::clear()
{
    m_fields.clear();
    setToolTip({});
    setHtml(QStringLiteral("<p style='color:#6b7280'>%1</p>")
                .arg(tr("The schema of the selected version appears here.")));
}

QString SchemaForm::field(const QString &label) const
{
    for (const auto &[name, value] : m_fields) {
        if (name == label)
            return value;
    }
    return {};
}

// "life_expect (regression), 27.79 to 82.5, mean 66.98, std 9.588"
QString SchemaForm::targetText(const datasets::VersionInfo &version)
{
    const nlohmann::json &t = version.targetStats;
    QString text = tr("%1 (regression)").arg(qs(version.label.empty() ? "value" : version.label));
    if (t.is_object() && t.contains("min"))
        text += tr(", %1 to %2, mean %3, std %4")
                    .arg(t.value("min", 0.0), 0, 'g', 6)
                    .arg(t.value("max", 0.0), 0, 'g', 6)
                    .arg(t.value("mean", 0.0), 0, 'g', 4)
                    .arg(t.value("std", 0.0), 0, 'g', 4);
    return text;
}

void SchemaForm::setVersion(const datasets::VersionInfo &version)
{
    m_fields = {
        {tr("Version"), qs(version.ref())},
        {tr("Kind"), QString::fromLatin1(datasets::kindName(version.kind))},
        {tr("Samples"), count(version.samples)},
        {tr("Shape"), shapeText(version.featureShape)},
        version.task == datasets::Task::Regression
            ? qMakePair(tr("Target"), targetText(version))
            : qMakePair(tr("Classes"), classesText(version.classes)),
        {tr("Splits"), splitsText(version.splits)},
        typedColumns(version) ? qMakePair(tr("Columns"), columnsText(version))
                              : qMakePair(tr("Normalisation"), normalisationText(version)),
        {tr("Sources"), sourcesText(version.sources)},
        {tr("Hash"), qs(version.hash)},
        {tr("Parent"), version.parent ? QStringLiteral("v%1").arg(*version.parent) : tr("none")},
        {tr("Created"), displayDate(version.createdAt)},
        {tr("Message"), version.message.empty() ? tr("none") : qs(version.message)},
    };
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    for (const auto &[label, value] : m_fields) {
        QString shown = value.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (label == tr("Hash"))
            shown = QStringLiteral("<span style='font-family:monospace'>%1</span>").arg(shown);
        html += QStringLiteral("<tr><td align='right' valign='top' style='color:#4b5563;"
                               " white-space:nowrap; padding-right:6px'>%1:</td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), shown);
    }
    html += QStringLiteral("</table>");
    const bool image = version.kind == datasets::DatasetKind::Image;
    setToolTip(image ? tr("Normalisation: mean ± standard deviation over all samples, per "
                          "channel, with pixels scaled to [0, 1].")
                     : tr("Normalisation: mean ± standard deviation over all samples, per "
                          "feature."));
    setHtml(html);
}

} // namespace dllab::ui
