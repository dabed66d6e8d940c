package io.lemonadeoutbox.lemonade.sale;

public class SaleNotFoundException extends RuntimeException {

    public SaleNotFoundException(String saleId) {
        super("no sale with id " + saleId);
    }
}
