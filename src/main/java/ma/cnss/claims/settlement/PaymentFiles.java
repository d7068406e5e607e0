package ma.cnss.claims.settlement;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import ma.cnss.claims.settlement.iso20022.pain001.AccountIdentification4Choice;
import ma.cnss.claims.settlement.iso20022.pain001.ActiveOrHistoricCurrencyAndAmount;
import ma.cnss.claims.settlement.iso20022.pain001.AmountType4Choice;
import ma.cnss.claims.settlement.iso20022.pain001.BranchAndFinancialInstitutionIdentification6;
import ma.cnss.claims.settlement.iso20022.pain001.CashAccount38;
import ma.cnss.claims.settlement.iso20022.pain001.CreditTransferTransaction40;
import ma.cnss.claims.settlement.iso20022.pain001.DateAndDateTime2Choice;
import ma.cnss.claims.settlement.iso20022.pain001.FinancialInstitutionIdentification18;
import ma.cnss.claims.settlement.iso20022.pain001.GenericAccountIdentification1;
import ma.cnss.claims.settlement.iso20022.pain001.GenericFinancialIdentification1;
import ma.cnss.claims.settlement.iso20022.pain001.GroupHeader95;
import ma.cnss.claims.settlement.iso20022.pain001.PartyIdentification135;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentIdentification6;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentMethod3Code;
import ma.cnss.claims.settlement.iso20022.pain001.RemittanceInformation16;
import ma.cnss.claims.settlement.iso20022.pain002.CustomerPaymentStatusReportV11;
import ma.cnss.claims.settlement.iso20022.pain002.OriginalPaymentInstruction38;
import ma.cnss.claims.settlement.iso20022.pain002.PaymentTransaction126;

/**
 * ISO 20022 payment files through JAXB classes generated from the official XSDs (shipped in
 * {@code src/main/resources/iso20022}): pain.001.001.10 credit transfers out, pain.002.001.11 status reports in.
 * Every file written is validated against the XSD while it is marshalled; every report read is validated too and
 * parsed with DTDs and external entities off.
 */
public final class PaymentFiles {

    public record Transfer(String endToEndId, BigDecimal amount, String creditorName, String creditorRib,
            String remittance) {
    }

    public record PaymentBlock(String paymentInfoId, String debtorName, String debtorRib, LocalDate executionDate,
            List<Transfer> transfers) {
        int count() {
            return transfers.size();
        }

        BigDecimal sum() {
            return transfers.stream().map(Transfer::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    public record Batch(String msgId, Instant createdAt, String initiatingParty, List<PaymentBlock> blocks) {
        int count() {
            return blocks.stream().mapToInt(PaymentBlock::count).sum();
        }

        BigDecimal sum() {
            return blocks.stream().map(PaymentBlock::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A transfer's status in a bank's report: RJCT, ACCP, ACSC... with the reason code when given. */
    public record TransferStatus(String endToEndId, String status, String reason) {
    }

    public record StatusReport(String msgId, String originalMsgId, List<TransferStatus> transfers) {
    }

    private static final JAXBContext PAIN001;
    private static final JAXBContext PAIN002;
    private static final Schema PAIN001_XSD;
    private static final Schema PAIN002_XSD;

    static {
        try {
            PAIN001 = JAXBContext.newInstance(ma.cnss.claims.settlement.iso20022.pain001.ObjectFactory.class);
            PAIN002 = JAXBContext.newInstance(ma.cnss.claims.settlement.iso20022.pain002.ObjectFactory.class);
            SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            PAIN001_XSD = schemas.newSchema(new StreamSource(
                    PaymentFiles.class.getResourceAsStream("/iso20022/pain.001.001.10.xsd")));
            PAIN002_XSD = schemas.newSchema(new StreamSource(
                    PaymentFiles.class.getResourceAsStream("/iso20022/pain.002.001.11.xsd")));
        } catch (JAXBException | org.xml.sax.SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PaymentFiles() {
    }

    /** Builds the JAXB contexts and schemas ahead of the first file: calling it initialises the class. */
    static void prepare() {
        // nothing else to do: the static initialiser above does the work, once
    }

    /** A payment information block's header: its transfers follow, streamed. */
    public record BlockHeader(String paymentInfoId, String debtorName, String debtorRib, LocalDate executionDate,
            long count, BigDecimal sum) {
    }

    private static final String PAIN001_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.10";

    /**
     * Writes a pain.001.001.10 file transfer by transfer, in constant memory whatever the batch size: the
     * containers are written here, every header and transfer is a JAXB fragment of the classes generated from the
     * XSD. The caller gives each block's count and sum up front (they come from the sealed batch) and validates the
     * finished file with {@link #validatePain001(Path)}: a file that does not conform is never published.
     */
    public static final class Pain001Writer implements AutoCloseable {
        private final XMLStreamWriter xml;
        private final Marshaller marshaller;
        private boolean inBlock;

        public Pain001Writer(OutputStream out, String msgId, Instant createdAt, long count, BigDecimal sum,
                String initiatingParty) {
            try {
                xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                marshaller = PAIN001.createMarshaller();
                marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
                xml.writeStartDocument("UTF-8", "1.0");
                xml.setDefaultNamespace(PAIN001_NS);
                xml.writeStartElement(PAIN001_NS, "Document");
                xml.writeDefaultNamespace(PAIN001_NS);
                xml.writeCharacters("\n");
                xml.writeStartElement(PAIN001_NS, "CstmrCdtTrfInitn");
                GroupHeader95 header = new GroupHeader95();
                header.setMsgId(msgId);
                header.setCreDtTm(dateTime(createdAt));
                header.setNbOfTxs(String.valueOf(count));
                header.setCtrlSum(sum);
                header.setInitgPty(party(initiatingParty));
                fragment("GrpHdr", GroupHeader95.class, header);
            } catch (XMLStreamException | JAXBException e) {
                throw new IllegalStateException("pain.001 of batch " + msgId + ": " + e.getMessage(), e);
            }
        }

        public void startBlock(BlockHeader block) {
            try {
                endBlock();
                xml.writeCharacters("\n");
                xml.writeStartElement(PAIN001_NS, "PmtInf");
                text("PmtInfId", block.paymentInfoId());
                text("PmtMtd", PaymentMethod3Code.TRF.value());
                text("NbOfTxs", String.valueOf(block.count()));
                text("CtrlSum", block.sum().toPlainString());
                DateAndDateTime2Choice execution = new DateAndDateTime2Choice();
                execution.setDt(date(block.executionDate()));
                fragment("ReqdExctnDt", DateAndDateTime2Choice.class, execution);
                fragment("Dbtr", PartyIdentification135.class, party(block.debtorName()));
                fragment("DbtrAcct", CashAccount38.class, account(block.debtorRib()));
                fragment("DbtrAgt", BranchAndFinancialInstitutionIdentification6.class, agentNotProvided());
                inBlock = true;
            } catch (XMLStreamException | JAXBException e) {
                throw new IllegalStateException("pain.001 block " + block.paymentInfoId() + ": " + e.getMessage(), e);
            }
        }

        public void transfer(Transfer transfer) {
            CreditTransferTransaction40 tx = new CreditTransferTransaction40();
            PaymentIdentification6 id = new PaymentIdentification6();
            id.setEndToEndId(transfer.endToEndId());
            tx.setPmtId(id);
            ActiveOrHistoricCurrencyAndAmount amount = new ActiveOrHistoricCurrencyAndAmount();
            amount.setCcy("MAD");
            amount.setValue(transfer.amount());
            AmountType4Choice amt = new AmountType4Choice();
            amt.setInstdAmt(amount);
            tx.setAmt(amt);
            tx.setCdtr(party(transfer.creditorName()));
            tx.setCdtrAcct(account(transfer.creditorRib()));
            RemittanceInformation16 remittance = new RemittanceInformation16();
            remittance.getUstrd().add(transfer.remittance());
            tx.setRmtInf(remittance);
            try {
                fragment("CdtTrfTxInf", CreditTransferTransaction40.class, tx);
            } catch (XMLStreamException | JAXBException e) {
                throw new IllegalStateException("pain.001 transfer " + transfer.endToEndId() + ": " + e.getMessage(), e);
            }
        }

        private void endBlock() throws XMLStreamException {
            if (inBlock) {
                xml.writeCharacters("\n");
                xml.writeEndElement();
                inBlock = false;
            }
        }

        /** Ends the document; the stream stays open (the caller owns it). */
        @Override
        public void close() {
            try {
                endBlock();
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.writeEndDocument();
                xml.flush();
            } catch (XMLStreamException e) {
                throw new IllegalStateException("pain.001: " + e.getMessage(), e);
            }
        }

        private void text(String name, String value) throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement(PAIN001_NS, name);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }

        private <T> void fragment(String name, Class<T> type, T value) throws XMLStreamException, JAXBException {
            xml.writeCharacters("\n");
            marshaller.marshal(new JAXBElement<>(new QName(PAIN001_NS, name), type, value), xml);
        }
    }

    /** The whole pain.001 of a small batch in memory (tests, the API); large batches stream with the writer. */
    public static byte[] pain001(Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Pain001Writer writer = new Pain001Writer(out, batch.msgId(), batch.createdAt(), batch.count(),
                batch.sum(), batch.initiatingParty())) {
            for (PaymentBlock block : batch.blocks()) {
                writer.startBlock(new BlockHeader(block.paymentInfoId(), block.debtorName(), block.debtorRib(),
                        block.executionDate(), block.count(), block.sum()));
                block.transfers().forEach(writer::transfer);
            }
        }
        byte[] bytes = out.toByteArray();
        String problem = pain001Problem(bytes);
        if (problem != null) {
            throw new IllegalStateException("pain.001 of batch " + batch.msgId() + " does not conform: " + problem);
        }
        return bytes;
    }

    /** Validates a written pain.001 file against the XSD, streaming; throws with the problem when it does not conform. */
    public static void validatePain001(Path file) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            var validator = PAIN001_XSD.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(in));
        } catch (org.xml.sax.SAXException e) {
            throw new IllegalStateException("pain.001 " + file.getFileName() + " does not conform: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Checks bytes against the pain.001.001.10 XSD; returns the problem, or null when valid. */
    public static String pain001Problem(byte[] xml) {
        try {
            var validator = PAIN001_XSD.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new java.io.ByteArrayInputStream(xml)));
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Reads a pain.002.001.11 status report (validated against its XSD; no DTD, no external entity). */
    public static StatusReport pain002(InputStream input) {
        try {
            XMLInputFactory xml = XMLInputFactory.newFactory();
            xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader reader = xml.createXMLStreamReader(input);
            Unmarshaller unmarshaller = PAIN002.createUnmarshaller();
            unmarshaller.setSchema(PAIN002_XSD);
            JAXBElement<ma.cnss.claims.settlement.iso20022.pain002.Document> document = unmarshaller.unmarshal(reader,
                    ma.cnss.claims.settlement.iso20022.pain002.Document.class);
            CustomerPaymentStatusReportV11 report = document.getValue().getCstmrPmtStsRpt();
            List<TransferStatus> transfers = new ArrayList<>();
            for (OriginalPaymentInstruction38 block : report.getOrgnlPmtInfAndSts()) {
                for (PaymentTransaction126 tx : block.getTxInfAndSts()) {
                    String reason = tx.getStsRsnInf().isEmpty() || tx.getStsRsnInf().get(0).getRsn() == null ? null
                            : tx.getStsRsnInf().get(0).getRsn().getCd();
                    transfers.add(new TransferStatus(tx.getOrgnlEndToEndId(), tx.getTxSts(), reason));
                }
            }
            return new StatusReport(report.getGrpHdr().getMsgId(), report.getOrgnlGrpInfAndSts().getOrgnlMsgId(),
                    transfers);
        } catch (JAXBException | XMLStreamException e) {
            Throwable cause = e instanceof JAXBException j && j.getLinkedException() != null ? j.getLinkedException() : e;
            throw new IllegalArgumentException("pain.002.001.11 illisible ou non conforme : " + cause.getMessage(), e);
        }
    }

    private static PartyIdentification135 party(String name) {
        PartyIdentification135 party = new PartyIdentification135();
        party.setNm(name.length() > 140 ? name.substring(0, 140) : name);
        return party;
    }

    private static CashAccount38 account(String rib) {
        GenericAccountIdentification1 other = new GenericAccountIdentification1();
        other.setId(rib);
        AccountIdentification4Choice id = new AccountIdentification4Choice();
        id.setOthr(other);
        CashAccount38 account = new CashAccount38();
        account.setId(id);
        account.setCcy("MAD");
        return account;
    }

    private static BranchAndFinancialInstitutionIdentification6 agentNotProvided() {
        GenericFinancialIdentification1 other = new GenericFinancialIdentification1();
        other.setId("NOTPROVIDED");
        FinancialInstitutionIdentification18 institution = new FinancialInstitutionIdentification18();
        institution.setOthr(other);
        BranchAndFinancialInstitutionIdentification6 agent = new BranchAndFinancialInstitutionIdentification6();
        agent.setFinInstnId(institution);
        return agent;
    }

    private static XMLGregorianCalendar dateTime(Instant instant) {
        try {
            // seconds precision, UTC: the same sealed instant always prints the same
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(
                    instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static XMLGregorianCalendar date(LocalDate date) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(date.toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
